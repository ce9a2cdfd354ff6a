using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Carts.Features.ChangeItem;

/// <summary>The body of <c>PATCH /v1/carts/{id}/items/{itemId}</c>.</summary>
/// <param name="Quantity">The new quantity; 0 removes the line.</param>
internal sealed record ChangeItemRequest(int Quantity);

/// <summary><c>PATCH /v1/carts/{id}/items/{itemId}</c>: sets a line's quantity; 0 removes it.</summary>
internal static class ChangeItem
{
    public static void MapChangeItem(this IEndpointRouteBuilder carts) =>
        carts.MapPatch("/{id}/items/{itemId}", Handle)
            .WithName("ChangeCartItem")
            .WithSummary("Sets the quantity of a cart line; 0 removes it.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static Task<IResult> Handle(
        string id, string itemId, ChangeItemRequest request, HttpContext http, CartWorkflow workflow, CancellationToken cancellationToken) =>
        workflow.MutateAsync(http, id, (cart, _) =>
        {
            if (cart.FindLine(itemId) is not { } line)
            {
                return Task.FromResult<IResult?>(Problems.NotFound("cart line"));
            }
            var error = cart.SetQuantity(line, request.Quantity, workflow.Limits);
            return Task.FromResult<IResult?>(error is null ? null : Problems.Validation(error.Field, error.Message));
        }, cancellationToken);
}
