using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Carts.Features.RemoveItem;

/// <summary><c>DELETE /v1/carts/{id}/items/{itemId}</c>: removes a line and answers with the cart priced again.</summary>
internal static class RemoveItem
{
    public static void MapRemoveItem(this IEndpointRouteBuilder carts) =>
        carts.MapDelete("/{id}/items/{itemId}", Handle)
            .WithName("RemoveCartItem")
            .WithSummary("Removes a line from the cart.")
            .Produces<CartResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static Task<IResult> Handle(string id, string itemId, HttpContext http, CartWorkflow workflow, CancellationToken cancellationToken) =>
        workflow.MutateAsync(http, id, (cart, _) =>
            Task.FromResult<IResult?>(cart.FindLine(itemId) is { } line && cart.Lines.Remove(line) ? null : Problems.NotFound("cart line")),
            cancellationToken);
}
