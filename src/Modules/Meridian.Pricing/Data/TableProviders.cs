using Meridian.Pricing.Contracts;
using Meridian.Pricing.Domain;
using Meridian.Pricing.Features.PriceCart;

using Microsoft.EntityFrameworkCore;

namespace Meridian.Pricing.Data;

/// <summary>The built-in <see cref="ITaxProvider"/>: the <c>pricing_tax_rates</c> table.</summary>
internal sealed class TableTaxProvider(PricingDbContext db) : ITaxProvider
{
    public async Task<IReadOnlyDictionary<string, int>> GetRatesAsync(TaxRateQuery query, CancellationToken cancellationToken)
    {
        var country = query.Country.ToUpperInvariant();
        return await db.TaxRates.AsNoTracking()
            .Where(r => r.Country == country)
            .ToDictionaryAsync(r => r.TaxClass, r => r.RateBasisPoints, StringComparer.Ordinal, cancellationToken);
    }
}

/// <summary>The built-in <see cref="IShippingRateProvider"/>: zones and banded methods from the tables.</summary>
internal sealed class TableShippingRateProvider(PricingDbContext db) : IShippingRateProvider
{
    public async Task<IReadOnlyList<ShippingOption>> GetOptionsAsync(ShippingRateQuery query, CancellationToken cancellationToken)
    {
        var country = query.Country.ToUpperInvariant();
        var zones = await db.ShippingZones.AsNoTracking().ToListAsync(cancellationToken);
        var zoneCodes = zones.Where(z => z.Countries.Contains(country, StringComparer.Ordinal)).Select(z => z.Code).ToList();
        var methods = await db.ShippingMethods.AsNoTracking()
            .Where(m => zoneCodes.Contains(m.ZoneCode) && m.Currency == query.Currency)
            .ToListAsync(cancellationToken);
        return Quote(methods, query);
    }

    /// <summary>Prices each method for the cart; a method no band covers is left out; the cheapest come first.</summary>
    public static IReadOnlyList<ShippingOption> Quote(IEnumerable<ShippingMethod> methods, ShippingRateQuery query) =>
        methods.Select(m => (Method: m, Amount: m.Quote(query.WeightGrams, query.MerchandiseTotal)))
            .Where(q => q.Amount is not null)
            .DistinctBy(q => q.Method.Code, StringComparer.Ordinal)
            .OrderBy(q => q.Amount).ThenBy(q => q.Method.Code, StringComparer.Ordinal)
            .Select(q => new ShippingOption(q.Method.Code, q.Method.Name, q.Amount!.Value, q.Method.TaxClass))
            .ToList();
}

/// <summary>The calculator's promotions from the <c>pricing_promotions</c> table.</summary>
internal sealed class TablePromotionSource(PricingDbContext db) : IPromotionSource
{
    public async Task<IReadOnlyList<Promotion>> FindAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken) =>
        await db.Promotions.AsNoTracking().Where(p => p.Code == null || codes.Contains(p.Code)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<string, int>> CustomerUsesAsync(string customerId, IReadOnlyCollection<string> promotionIds, CancellationToken cancellationToken) =>
        await db.CustomerUsages.AsNoTracking()
            .Where(u => u.CustomerId == customerId && promotionIds.Contains(u.PromotionId))
            .ToDictionaryAsync(u => u.PromotionId, u => u.Used, StringComparer.Ordinal, cancellationToken);
}
