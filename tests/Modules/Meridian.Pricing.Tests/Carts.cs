using Meridian.Pricing.Contracts;
using Meridian.Pricing.Domain;
using Meridian.Pricing.Features.PriceCart;

namespace Meridian.Pricing.Tests;

/// <summary>Builds carts and prices them with in-memory promotions, rates and shipping, so a test is a few lines.</summary>
internal static class Carts
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static PricingLine Line(string id, long unitPrice, int quantity = 1, string category = "misc", string? brand = null, string taxClass = TaxClasses.Standard, int weightGrams = 0) =>
        new(id, "product-" + id, "SKU-" + id, unitPrice, quantity, [category, "root"], brand, taxClass, weightGrams);

    public static Promotion Promo(PromotionKind kind, string? code = null, int percent = 0, long amount = 0, string? currency = null, params string[] categories) => new()
    {
        Id = "promo_" + (code ?? kind.ToString()),
        Code = code,
        Name = code ?? kind.ToString(),
        Kind = kind,
        PercentBasisPoints = percent,
        Amount = amount,
        Currency = currency,
        CategoryHandles = [.. categories],
        CreatedAt = Now.AddDays(-30),
    };

    public static Task<PricingResult> Price(
        PricingRequest request,
        IEnumerable<Promotion>? promotions = null,
        bool pricesIncludeTax = true,
        Dictionary<string, Dictionary<string, int>>? rates = null,
        IReadOnlyList<ShippingOption>? shipping = null,
        DateTimeOffset? now = null,
        Dictionary<string, int>? customerUses = null)
    {
        var calculator = new PricingCalculator(
            new ListPromotions([.. promotions ?? []], customerUses ?? []),
            new FixedTaxes(rates ?? new() { ["DE"] = new() { ["standard"] = 1900, ["reduced"] = 700 }, ["US"] = new() { ["standard"] = 725 } }),
            new FixedShipping(shipping ?? [new ShippingOption("standard", "Standard", 495), new ShippingOption("express", "Express", 1495)]),
            new PricingSettings(pricesIncludeTax, "DE"),
            new FixedClock(now ?? Now));
        return calculator.PriceAsync(request, CancellationToken.None);
    }

    /// <summary>The invariants every result keeps, asserted together.</summary>
    public static void AssertAddsUp(PricingResult result)
    {
        Assert.Equal(result.GrandTotal, result.Lines.Sum(l => l.Total) + (result.Shipping?.Total ?? 0));
        Assert.Equal(result.Subtotal, result.Lines.Sum(l => l.Subtotal));
        Assert.Equal(result.DiscountTotal, result.Lines.Sum(l => l.Discount) + (result.Shipping?.Discount ?? 0));
        Assert.Equal(result.TaxTotal, result.Lines.Sum(l => l.Tax) + (result.Shipping?.Tax ?? 0));
        Assert.Equal(result.DiscountTotal, result.AppliedPromotions.Sum(p => p.Amount));
        foreach (var line in result.Lines)
        {
            Assert.Equal(line.UnitPrice * line.Quantity, line.Subtotal);
            Assert.InRange(line.Discount, 0, line.Subtotal);
            Assert.Equal(line.Discount, line.Discounts.Sum(d => d.Amount));
            Assert.True(line.Tax >= 0 && line.Total >= 0, $"Negative amount on {line.LineId}");
            Assert.Equal(result.PricesIncludeTax ? line.Subtotal - line.Discount : line.Subtotal - line.Discount + line.Tax, line.Total);
        }
        // Each promotion's allocations add up to its amount; only free shipping may hold the rest, on shipping.
        var offLines = result.AppliedPromotions
            .Select(p => p.Amount - result.Lines.SelectMany(l => l.Discounts).Where(d => d.PromotionId == p.PromotionId).Sum(d => d.Amount))
            .ToList();
        Assert.All(offLines, rest => Assert.True(rest >= 0, "A promotion allocated more than its amount"));
        Assert.True(offLines.Count(rest => rest > 0) <= 1, "Only one promotion discounts shipping");
        Assert.Equal(result.Shipping?.Discount ?? 0, offLines.Sum());
        if (result.Shipping is { } shipping)
        {
            Assert.InRange(shipping.Discount, 0, shipping.Amount);
            Assert.True(shipping.Tax >= 0 && shipping.Total >= 0);
        }
        Assert.True(result.GrandTotal >= 0);
    }

    private sealed class ListPromotions(List<Promotion> promotions, Dictionary<string, int> uses) : IPromotionSource
    {
        public Task<IReadOnlyList<Promotion>> FindAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Promotion>>(promotions.Where(p => p.Code is null || codes.Contains(p.Code)).ToList());

        public Task<IReadOnlyDictionary<string, int>> CustomerUsesAsync(string customerId, IReadOnlyCollection<string> promotionIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, int>>(uses);
    }

    private sealed class FixedTaxes(Dictionary<string, Dictionary<string, int>> rates) : ITaxProvider
    {
        public Task<IReadOnlyDictionary<string, int>> GetRatesAsync(TaxRateQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, int>>(rates.GetValueOrDefault(query.Country) ?? []);
    }

    private sealed class FixedShipping(IReadOnlyList<ShippingOption> options) : IShippingRateProvider
    {
        public Task<IReadOnlyList<ShippingOption>> GetOptionsAsync(ShippingRateQuery query, CancellationToken cancellationToken) => Task.FromResult(options);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
