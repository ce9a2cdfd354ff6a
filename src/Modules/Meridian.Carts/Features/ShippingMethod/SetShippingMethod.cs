using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Carts.Features.ShippingMethod;

/// <summary>The body of <c>PUT /v1/carts/{id}/shipping-method</c>.</summary>
/// <param name="Code">One of the cart's <c>shippingOptions</c> (<c>standard</c>, <c>express</c>).</param>
internal sealed record ShippingMethodRequest(string Code);

/// <summary><c>PUT /v1/carts/{id}/shipping-method</c>: chooses one of the options pricing offers for the cart's destination.</summary>
internal static class SetShippingMethod
{
    public static void MapSetShippingMethod(this IEndpointRouteBuilder carts) =>
        carts.MapPut("/{id}/shipping-method", Handle)
            .WithName("SetCartShippingMethod")
            .WithSummary("Chooses a shipping method among the cart's shipping options.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static Task<IResult> Handle(string id, ShippingMethodRequest request, HttpContext http, CartWorkflow workflow, CancellationToken cancellationToken)
    {
        var code = request.Code.Trim();
        var validation = new Validation().Required(code, "code", 64);
        if (!validation.IsValid)
        {
            return Task.FromResult<IResult>(Problems.Validation(validation));
        }
        return workflow.MutateAsync(http, id, async (cart, _) =>
        {
            if (cart.ShippingAddress is null)
            {
                return Problems.Validation("code", "Set a shipping address first: the options depend on the destination.");
            }
            var priced = await workflow.Pricer.PriceAsync(cart, cancellationToken);
            var options = priced.Pricing.ShippingOptions.Select(o => o.Code).ToList();
            if (!options.Contains(code, StringComparer.Ordinal))
            {
                return Problems.Validation("code", options.Count == 0
                    ? "No shipping method serves this destination."
                    : $"Not a shipping option for this cart. Options: {string.Join(", ", options)}.");
            }
            cart.ShippingMethod = code;
            return null;
        }, cancellationToken);
    }
}
