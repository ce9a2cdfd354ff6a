using Meridian.Pricing.Data;
using Meridian.Pricing.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Pricing.Features.ManageTaxRates;

internal sealed record TaxRateInput(string Country, string TaxClass, int RateBasisPoints, string? Name = null);

internal sealed record TaxRateResponse(string Id, string Country, string TaxClass, int RateBasisPoints, string? Name);

/// <summary>Admin list and creation of tax rates by country and tax class.</summary>
internal static class TaxRateAdminEndpoints
{
    public static void MapTaxRateAdmin(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/tax-rates", List).RequireAuthorization(Policies.Admin(Scopes.PricingRead))
            .WithName("ListTaxRates").WithSummary("Lists tax rates, optionally of one country.").WithTags("Pricing admin");
        admin.MapPost("/tax-rates", Create).RequireAuthorization(Policies.Admin(Scopes.PricingWrite))
            .WithName("CreateTaxRate").WithSummary("Creates the rate of a country and tax class.").WithTags("Pricing admin");
    }

    public static bool IsCountry(string? code) => code is { Length: 2 } && code.All(char.IsAsciiLetterUpper);

    public static bool IsTaxClass(string? taxClass) =>
        taxClass is { Length: > 0 and <= 32 } && taxClass.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private static async Task<Results<Ok<Page<TaxRateResponse>>, ValidationProblem>> List(string? country, PricingDbContext db, CancellationToken cancellationToken)
    {
        if (country is not null && !IsCountry(country))
        {
            return Problems.Validation("country", "An upper-case ISO 3166-1 alpha-2 code.");
        }
        var rates = await db.TaxRates.AsNoTracking().Where(r => country == null || r.Country == country).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<TaxRateResponse>(
            rates.OrderBy(r => r.Country, StringComparer.Ordinal).ThenBy(r => r.TaxClass, StringComparer.Ordinal).Select(ToResponse).ToList(), null));
    }

    private static async Task<Results<Created<TaxRateResponse>, ValidationProblem, ProblemHttpResult>> Create(
        TaxRateInput input, PricingDbContext db, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .When(!IsCountry(input.Country), "country", "An upper-case ISO 3166-1 alpha-2 code.")
            .When(!IsTaxClass(input.TaxClass), "taxClass", "1 to 32 lower-case letters, digits, hyphens or underscores.")
            .When(input.RateBasisPoints is < 0 or > 10_000, "rateBasisPoints", "Between 0 and 10000 (100 %).")
            .Optional(input.Name, "name");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await db.TaxRates.AnyAsync(r => r.Country == input.Country && r.TaxClass == input.TaxClass, cancellationToken))
        {
            return Problems.Conflict($"{input.Country} has a rate for '{input.TaxClass}'.");
        }
        var rate = new TaxRate { Id = Ids.New("tax"), Country = input.Country, TaxClass = input.TaxClass, RateBasisPoints = input.RateBasisPoints, Name = input.Name?.Trim() };
        db.TaxRates.Add(rate);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"{input.Country} has a rate for '{input.TaxClass}'.");
        }
        return TypedResults.Created($"/v1/admin/pricing/tax-rates/{rate.Id}", ToResponse(rate));
    }

    private static TaxRateResponse ToResponse(TaxRate r) => new(r.Id, r.Country, r.TaxClass, r.RateBasisPoints, r.Name);
}
