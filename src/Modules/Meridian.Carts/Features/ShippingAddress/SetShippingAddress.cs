using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Address = Meridian.Carts.Domain.ShippingAddress;

namespace Meridian.Carts.Features.ShippingAddress;

/// <summary>The body of <c>PUT /v1/carts/{id}/shipping-address</c>: the whole address, replacing any before it.</summary>
/// <param name="Country">ISO 3166-1 alpha-2 code (<c>DE</c>), required: tax and shipping depend on it.</param>
/// <param name="PostalCode">Postal code.</param>
/// <param name="City">City.</param>
/// <param name="Lines">Street lines, at most three.</param>
/// <param name="Name">Recipient's name.</param>
internal sealed record ShippingAddressRequest(
    string? Country = null, string? PostalCode = null, string? City = null, IReadOnlyList<string>? Lines = null, string? Name = null);

/// <summary>
/// <c>PUT /v1/carts/{id}/shipping-address</c>: sets the destination, so tax is computed for it and shipping
/// options are offered. A chosen shipping method that does not serve the new destination is cleared.
/// </summary>
internal static class SetShippingAddress
{
    private const int MaxLines = 3;

    public static void MapSetShippingAddress(this IEndpointRouteBuilder carts) =>
        carts.MapPut("/{id}/shipping-address", Handle)
            .WithName("SetCartShippingAddress")
            .WithSummary("Sets where the cart ships to; tax and shipping options follow.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static Task<IResult> Handle(
        string id, ShippingAddressRequest request, HttpContext http, CartWorkflow workflow, CancellationToken cancellationToken)
    {
        var country = (request.Country ?? "").Trim().ToUpperInvariant();
        var lines = (request.Lines ?? []).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var validation = new Validation()
            .When(country.Length != 2 || !country.All(char.IsAsciiLetterUpper), "country", "An ISO 3166-1 alpha-2 country code such as DE.")
            .Optional(request.PostalCode?.Trim(), "postalCode", 20)
            .Optional(request.City?.Trim(), "city", 100)
            .Optional(request.Name?.Trim(), "name", 200)
            .When(lines.Count > MaxLines, "lines", $"At most {MaxLines} lines.")
            .When(lines.Any(l => l.Length > 200), "lines", "A line has at most 200 characters.");
        if (!validation.IsValid)
        {
            return Task.FromResult<IResult>(Problems.Validation(validation));
        }
        var address = new Address(country, Blank(request.PostalCode), Blank(request.City), lines, Blank(request.Name));
        return workflow.MutateAsync(http, id, async (cart, _) =>
        {
            cart.ShippingAddress = address;
            if (cart.ShippingMethod is { } method)
            {
                var priced = await workflow.Pricer.PriceAsync(cart, cancellationToken);
                if (!priced.Pricing.ShippingOptions.Any(o => o.Code == method))
                {
                    cart.ShippingMethod = null;
                }
            }
            return null;
        }, cancellationToken);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
