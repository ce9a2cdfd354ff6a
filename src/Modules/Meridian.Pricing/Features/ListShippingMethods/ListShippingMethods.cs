using Meridian.Pricing.Contracts;
using Meridian.Pricing.Features.ManageTaxRates;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Pricing.Features.ListShippingMethods;

/// <summary>
/// <c>GET /v1/shipping-methods?country=DE&amp;currency=EUR</c>: the methods that serve a destination, priced
/// for a cart of <c>weightGrams</c> and <c>subtotal</c> (both 0 when absent, which gives the starting price).
/// Through <see cref="IShippingRateProvider"/>, so an external provider answers here too.
/// </summary>
internal static class ListShippingMethods
{
    public static void MapListShippingMethods(this IEndpointRouteBuilder api) =>
        api.MapGet("/shipping-methods", Handle)
            .WithName("ListShippingMethods")
            .WithSummary("Lists the shipping methods that serve a country, with their prices in a currency.")
            .WithTags("Pricing");

    private static async Task<Results<Ok<IReadOnlyList<ShippingOption>>, ValidationProblem>> Handle(
        HttpRequest http, IShippingRateProvider shipping, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        string[] known = ["country", "currency", "weightGrams", "subtotal"];
        foreach (var name in http.Query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            validation.Add(name, $"Unknown parameter. Known: {string.Join(", ", known)}.");
        }
        var country = http.Query["country"].ToString();
        var currency = http.Query["currency"].ToString();
        validation.When(!TaxRateAdminEndpoints.IsCountry(country), "country", "An upper-case ISO 3166-1 alpha-2 code.");
        validation.When(!Money.IsSupportedCurrency(currency), "currency", "A supported upper-case ISO 4217 code.");
        var weight = Number(http, "weightGrams", validation);
        var subtotal = Number(http, "subtotal", validation);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var options = await shipping.GetOptionsAsync(new ShippingRateQuery(country, currency, weight, subtotal), cancellationToken);
        return TypedResults.Ok(options);
    }

    private static long Number(HttpRequest http, string name, Validation validation)
    {
        var text = http.Query[name].ToString();
        if (text.Length == 0)
        {
            return 0;
        }
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value > 100_000_000_000)
        {
            validation.Add(name, "A whole number from 0 to 100000000000.");
        }
        return value;
    }
}
