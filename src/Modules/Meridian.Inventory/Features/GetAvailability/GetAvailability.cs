using Meridian.Inventory.Data;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Inventory.Features.GetAvailability;

internal sealed record LocationAvailability(string Location, int Available);

internal sealed record SkuAvailability(string Sku, int Available, IReadOnlyList<LocationAvailability> Locations);

/// <summary>
/// <c>GET /v1/inventory/availability?sku=A,B</c>: what can be sold now, per SKU and location. Shoppers
/// see availability, not on-hand and reserved counts, which are operational detail. An SKU the
/// inventory does not know has nothing available.
/// </summary>
internal static class GetAvailability
{
    private const int MaxSkus = 50;

    public static void MapGetAvailability(this IEndpointRouteBuilder inventory) =>
        inventory.MapGet("/availability", Handle)
            .WithName("GetAvailability")
            .WithSummary("Gets the sellable quantity of up to 50 SKUs, in total and per location.")
            .WithTags("Inventory");

    private static async Task<Results<Ok<IReadOnlyList<SkuAvailability>>, ValidationProblem>> Handle(
        HttpRequest http, InventoryDbContext db, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        foreach (var name in http.Query.Keys.Where(k => k != "sku"))
        {
            validation.Add(name, "Unknown parameter. Known: sku.");
        }
        var skus = http.Query["sku"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        validation.When(skus.Count is 0 or > MaxSkus, "sku", $"Between 1 and {MaxSkus} SKUs, comma-separated.");
        validation.When(skus.Any(s => s.Length > 64), "sku", "A SKU has at most 64 characters.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var levels = await db.StockLevels.AsNoTracking()
            .Where(l => skus.Contains(l.Sku))
            .Join(db.Locations, l => l.LocationId, location => location.Id, (l, location) => new { l.Sku, location.Handle, l.OnHand, l.Reserved })
            .ToListAsync(cancellationToken);
        var result = skus.Select(sku =>
        {
            var locations = levels.Where(l => l.Sku == sku).OrderBy(l => l.Handle, StringComparer.Ordinal)
                .Select(l => new LocationAvailability(l.Handle, Math.Max(0, l.OnHand - l.Reserved))).ToList();
            return new SkuAvailability(sku, locations.Sum(l => l.Available), locations);
        }).ToList();
        return TypedResults.Ok<IReadOnlyList<SkuAvailability>>(result);
    }
}
