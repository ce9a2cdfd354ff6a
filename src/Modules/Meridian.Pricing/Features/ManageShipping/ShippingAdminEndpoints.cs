using Meridian.Pricing.Data;
using Meridian.Pricing.Domain;
using Meridian.Pricing.Features.ManageTaxRates;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Pricing.Features.ManageShipping;

internal sealed record ShippingZoneInput(string Code, string Name, IReadOnlyList<string> Countries);

internal sealed record ShippingZoneResponse(string Code, string Name, IReadOnlyList<string> Countries);

internal sealed record RateBandInput(long UpTo, long Amount);

internal sealed record ShippingMethodInput(
    string Code,
    string Name,
    string Zone,
    string Currency,
    string Basis,
    IReadOnlyList<RateBandInput> Bands,
    long? FreeAbove = null,
    string TaxClass = "standard");

internal sealed record ShippingMethodResponse(
    string Id, string Code, string Name, string Zone, string Currency, string Basis, IReadOnlyList<RateBandInput> Bands, long? FreeAbove, string TaxClass);

/// <summary>Admin list and creation of shipping zones and of the banded methods of a zone.</summary>
internal static class ShippingAdminEndpoints
{
    private const int MaxBands = 50;

    public static void MapShippingAdmin(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/shipping-zones", ListZones).RequireAuthorization(Policies.Admin(Scopes.PricingRead))
            .WithName("ListShippingZones").WithSummary("Lists shipping zones and their countries.").WithTags("Pricing admin");
        admin.MapPost("/shipping-zones", CreateZone).RequireAuthorization(Policies.Admin(Scopes.PricingWrite))
            .WithName("CreateShippingZone").WithSummary("Creates a shipping zone.").WithTags("Pricing admin");
        admin.MapGet("/shipping-methods", ListMethods).RequireAuthorization(Policies.Admin(Scopes.PricingRead))
            .WithName("ListShippingMethodsForAdmin").WithSummary("Lists shipping methods with their rate bands.").WithTags("Pricing admin");
        admin.MapPost("/shipping-methods", CreateMethod).RequireAuthorization(Policies.Admin(Scopes.PricingWrite))
            .WithName("CreateShippingMethod").WithSummary("Creates a shipping method of a zone in one currency, priced by weight or price bands.").WithTags("Pricing admin");
    }

    private static async Task<Ok<Page<ShippingZoneResponse>>> ListZones(PricingDbContext db, CancellationToken cancellationToken)
    {
        var zones = await db.ShippingZones.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<ShippingZoneResponse>(zones.OrderBy(z => z.Code, StringComparer.Ordinal).Select(z => new ShippingZoneResponse(z.Code, z.Name, z.Countries)).ToList(), null));
    }

    private static async Task<Results<Created<ShippingZoneResponse>, ValidationProblem, ProblemHttpResult>> CreateZone(
        ShippingZoneInput input, PricingDbContext db, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required(input.Name, "name")
            .When(!Handles.IsValid(input.Code) || input.Code.Length > 32, "code", "Lower-case letters, digits and single hyphens, 1 to 32 characters.")
            .When(input.Countries.Count is 0 or > 250, "countries", "1 to 250 countries.")
            .When(input.Countries.Any(c => !TaxRateAdminEndpoints.IsCountry(c)) == true, "countries", "Upper-case ISO 3166-1 alpha-2 codes.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await db.ShippingZones.AnyAsync(z => z.Code == input.Code, cancellationToken))
        {
            return Problems.Conflict($"A shipping zone with code '{input.Code}' exists.");
        }
        var zone = new ShippingZone { Code = input.Code, Name = input.Name.Trim(), Countries = input.Countries.Distinct(StringComparer.Ordinal).ToList() };
        db.ShippingZones.Add(zone);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Problems.Conflict($"A shipping zone with code '{input.Code}' exists.");
        }
        return TypedResults.Created($"/v1/admin/pricing/shipping-zones/{zone.Code}", new ShippingZoneResponse(zone.Code, zone.Name, zone.Countries));
    }

    private static async Task<Ok<Page<ShippingMethodResponse>>> ListMethods(PricingDbContext db, CancellationToken cancellationToken)
    {
        var methods = await db.ShippingMethods.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<ShippingMethodResponse>(methods
            .OrderBy(m => m.ZoneCode, StringComparer.Ordinal).ThenBy(m => m.Code, StringComparer.Ordinal).ThenBy(m => m.Currency, StringComparer.Ordinal)
            .Select(ToResponse).ToList(), null));
    }

    private static async Task<Results<Created<ShippingMethodResponse>, ValidationProblem, ProblemHttpResult>> CreateMethod(
        ShippingMethodInput input, PricingDbContext db, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required(input.Name, "name")
            .When(!Handles.IsValid(input.Code) || input.Code.Length > 32, "code", "Lower-case letters, digits and single hyphens, 1 to 32 characters.")
            .When(!Money.IsSupportedCurrency(input.Currency), "currency", "A supported upper-case ISO 4217 code.")
            .When(input.Basis is not ("weight" or "price"), "basis", "One of weight, price.")
            .When(input.Bands.Count is 0 or > MaxBands, "bands", $"1 to {MaxBands} bands.")
            .When(input.FreeAbove is < 0, "freeAbove", "Zero or more minor units, or absent.")
            .When(!TaxRateAdminEndpoints.IsTaxClass(input.TaxClass), "taxClass", "1 to 32 lower-case letters, digits, hyphens or underscores.");
        for (var i = 0; i < input.Bands.Count; i++)
        {
            validation.When(input.Bands[i].UpTo < 0, $"bands[{i}].upTo", "Zero or more.");
            validation.When(input.Bands[i].Amount is < 0 or > 100_000_000_000, $"bands[{i}].amount", "Between 0 and 100000000000 minor units.");
        }
        validation.When(input.Bands.Select(b => b.UpTo).Distinct().Count() != input.Bands.Count, "bands", "Each band has its own upTo.");
        if (Handles.IsValid(input.Zone) && !await db.ShippingZones.AnyAsync(z => z.Code == input.Zone, cancellationToken))
        {
            validation.Add("zone", "No shipping zone with that code.");
        }
        validation.When(!Handles.IsValid(input.Zone), "zone", "No shipping zone with that code.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await db.ShippingMethods.AnyAsync(m => m.ZoneCode == input.Zone && m.Code == input.Code && m.Currency == input.Currency, cancellationToken))
        {
            return Problems.Conflict($"Zone '{input.Zone}' has a method '{input.Code}' in {input.Currency}.");
        }
        var method = new ShippingMethod
        {
            Id = Ids.New("ship"),
            Code = input.Code,
            Name = input.Name.Trim(),
            ZoneCode = input.Zone,
            Currency = input.Currency,
            Basis = input.Basis == "weight" ? RateBasis.Weight : RateBasis.Price,
            Bands = input.Bands.OrderBy(b => b.UpTo).Select(b => new RateBand { UpTo = b.UpTo, Amount = b.Amount }).ToList(),
            FreeAbove = input.FreeAbove,
            TaxClass = input.TaxClass,
        };
        db.ShippingMethods.Add(method);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Problems.Conflict($"Zone '{input.Zone}' has a method '{input.Code}' in {input.Currency}.");
        }
        return TypedResults.Created($"/v1/admin/pricing/shipping-methods/{method.Id}", ToResponse(method));
    }

    private static async Task<bool> TrySaveAsync(PricingDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private static ShippingMethodResponse ToResponse(ShippingMethod m) => new(
        m.Id, m.Code, m.Name, m.ZoneCode, m.Currency, m.Basis == RateBasis.Weight ? "weight" : "price",
        m.Bands.Select(b => new RateBandInput(b.UpTo, b.Amount)).ToList(), m.FreeAbove, m.TaxClass);
}
