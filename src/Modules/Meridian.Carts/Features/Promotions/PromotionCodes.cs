using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Carts.Features.Promotions;

/// <summary>The body of <c>POST /v1/carts/{id}/promotions</c>.</summary>
internal sealed record ApplyPromotionRequest(string Code);

/// <summary>
/// <c>POST /v1/carts/{id}/promotions</c> enters a code, <c>DELETE /v1/carts/{id}/promotions/{code}</c> takes it
/// out. An entered code stays on the cart: the response lists it under <c>appliedPromotions</c> while it applies
/// and under <c>rejectedCodes</c> with its reason while it does not (unknown, minimum not met, …), so a code that
/// stops applying after a change is explained rather than silently dropped.
/// </summary>
internal static class PromotionCodes
{
    public const int MaxCodeLength = 64;

    public static void MapPromotionCodes(this IEndpointRouteBuilder carts)
    {
        carts.MapPost("/{id}/promotions", Apply)
            .WithName("ApplyCartPromotion")
            .WithSummary("Enters a promotion code; the cart lists it as applied or rejected with a reason.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        carts.MapDelete("/{id}/promotions/{code}", Remove)
            .WithName("RemoveCartPromotion")
            .WithSummary("Takes a promotion code out of the cart.")
            .Produces<CartResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static Task<IResult> Apply(string id, ApplyPromotionRequest request, HttpContext http, CartWorkflow workflow, CancellationToken cancellationToken)
    {
        var code = request.Code.Trim().ToUpperInvariant();
        var validation = new Validation()
            .Required(code, "code", MaxCodeLength)
            .When(code.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)), "code", "A code has no spaces.");
        if (!validation.IsValid)
        {
            return Task.FromResult<IResult>(Problems.Validation(validation));
        }
        return workflow.MutateAsync(http, id, (cart, _) =>
        {
            var error = cart.AddPromotionCode(code, workflow.Limits);
            return Task.FromResult<IResult?>(error is null ? null : Problems.Validation(error.Field, error.Message));
        }, cancellationToken);
    }

    private static Task<IResult> Remove(string id, string code, HttpContext http, CartWorkflow workflow, CancellationToken cancellationToken) =>
        workflow.MutateAsync(http, id, (cart, _) =>
            Task.FromResult<IResult?>(cart.RemovePromotionCode(code.Trim()) ? null : Problems.NotFound("promotion code on this cart")),
            cancellationToken);
}
