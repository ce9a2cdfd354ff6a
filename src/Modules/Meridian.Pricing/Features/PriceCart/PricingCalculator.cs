using Meridian.Pricing.Contracts;
using Meridian.Pricing.Domain;
using Meridian.SharedKernel;

namespace Meridian.Pricing.Features.PriceCart;

/// <summary>Where the calculator finds promotions; the database in production, a list in unit tests.</summary>
internal interface IPromotionSource
{
    /// <summary>The promotions with these (upper-case) codes, and every automatic promotion.</summary>
    Task<IReadOnlyList<Promotion>> FindAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken);

    /// <summary>How often <paramref name="customerId"/> has used each of <paramref name="promotionIds"/>.</summary>
    Task<IReadOnlyDictionary<string, int>> CustomerUsesAsync(string customerId, IReadOnlyCollection<string> promotionIds, CancellationToken cancellationToken);
}

/// <summary>
/// Prices a cart in four steps: promotions on the lines (<see cref="PromotionEngine"/>), shipping options
/// for the merchandise total after discounts, free shipping, then tax.
/// <para>
/// Tax is rounded per line (and once for shipping), not once per order: each line's total then stands on
/// its own on an invoice, a refund of one line returns exactly that line's tax, and the totals are sums of
/// the lines, so they add up by construction. The cost is that the tax total may differ by a cent or so
/// from rounding the order's tax once, which EU and US rules both allow.
/// </para>
/// </summary>
internal sealed class PricingCalculator(
    IPromotionSource promotions,
    ITaxProvider taxes,
    IShippingRateProvider shipping,
    PricingSettings settings,
    TimeProvider clock) : IPricingCalculator
{
    public async Task<PricingResult> PriceAsync(PricingRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var codes = (request.PromotionCodes ?? []).Select(Promotion.NormalizeCode).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var candidates = await promotions.FindAsync(codes, cancellationToken);
        var customerUses = request.CustomerId is not null && candidates.Any(p => p.PerCustomerLimit is not null)
            ? await promotions.CustomerUsesAsync(request.CustomerId, candidates.Where(p => p.PerCustomerLimit is not null).Select(p => p.Id).ToList(), cancellationToken)
            : new Dictionary<string, int>();
        var context = new PromotionContext(clock.GetUtcNow(), request.Currency, request.CustomerId, customerUses);
        var sheet = PromotionEngine.Apply(request.Lines, codes, candidates, context);

        IReadOnlyList<ShippingOption> options = [];
        if (request.ShipToCountry is { } destination)
        {
            var weight = request.Lines.Sum(l => (long)l.WeightGrams * l.Quantity);
            options = await shipping.GetOptionsAsync(new ShippingRateQuery(destination, request.Currency, weight, sheet.MerchandiseTotal), cancellationToken);
        }
        var chosen = request.ShippingMethod is null ? null : options.FirstOrDefault(o => string.Equals(o.Code, request.ShippingMethod, StringComparison.Ordinal));

        var taxCountry = request.ShipToCountry ?? settings.OriginCountry;
        var classes = request.Lines.Select(l => l.TaxClass).Append(chosen?.TaxClass ?? TaxClasses.Standard).Distinct(StringComparer.Ordinal).ToList();
        var rates = await taxes.GetRatesAsync(new TaxRateQuery(taxCountry, classes), cancellationToken);
        return Assemble(request, sheet, chosen, options, rates, settings.PricesIncludeTax);
    }

    /// <summary>Adds shipping and tax to the discounted lines, and sums.</summary>
    internal static PricingResult Assemble(
        PricingRequest request,
        DiscountSheet sheet,
        ShippingOption? chosen,
        IReadOnlyList<ShippingOption> options,
        IReadOnlyDictionary<string, int> rates,
        bool pricesIncludeTax)
    {
        var lines = new List<LinePrice>(request.Lines.Count);
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            var rate = RateOf(rates, line.TaxClass);
            var (tax, total) = Taxed(sheet.Subtotals[i] - sheet.Discounts[i], rate, pricesIncludeTax);
            lines.Add(new LinePrice(line.LineId, line.UnitPrice, line.Quantity, sheet.Subtotals[i], sheet.Discounts[i], tax, total, rate, sheet.Allocations[i]));
        }

        ShippingPrice? shippingPrice = null;
        if (chosen is not null)
        {
            var discount = sheet.FreeShipping is { } free ? chosen.Amount : 0;
            if (sheet.FreeShipping is { } freeShipping)
            {
                sheet.AmountByPromotion[freeShipping.Id] += discount;
            }
            var (tax, total) = Taxed(chosen.Amount - discount, RateOf(rates, chosen.TaxClass), pricesIncludeTax);
            shippingPrice = new ShippingPrice(chosen.Code, chosen.Name, chosen.Amount, discount, tax, total);
        }

        var applied = sheet.Applied.Select(p => new AppliedPromotion(p.Id, sheet.CodeByPromotion[p.Id], p.Name, sheet.AmountByPromotion[p.Id])).ToList();
        var grandTotal = checked(lines.Sum(l => l.Total) + (shippingPrice?.Total ?? 0));
        return new PricingResult(
            request.Currency,
            pricesIncludeTax,
            lines,
            Subtotal: lines.Sum(l => l.Subtotal),
            DiscountTotal: lines.Sum(l => l.Discount) + (shippingPrice?.Discount ?? 0),
            shippingPrice,
            TaxTotal: lines.Sum(l => l.Tax) + (shippingPrice?.Tax ?? 0),
            grandTotal,
            applied,
            sheet.Rejected,
            options);
    }

    /// <summary>A class without a rate falls back to the standard rate, then to none.</summary>
    private static int RateOf(IReadOnlyDictionary<string, int> rates, string taxClass) =>
        rates.TryGetValue(taxClass, out var rate) ? rate : rates.GetValueOrDefault(TaxClasses.Standard);

    private static (long Tax, long Total) Taxed(long amount, int rate, bool pricesIncludeTax) => pricesIncludeTax
        ? (MinorUnits.IncludedTax(amount, rate), amount)
        : (MinorUnits.AddedTax(amount, rate), checked(amount + MinorUnits.AddedTax(amount, rate)));

    private static void Validate(PricingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Money.IsSupportedCurrency(request.Currency))
        {
            throw new ArgumentException($"Currency '{request.Currency}' is not supported.", nameof(request));
        }
        if (request.Lines is null || request.Lines.Count > PricingRequest.MaxLines)
        {
            throw new ArgumentException($"A cart has at most {PricingRequest.MaxLines} lines.", nameof(request));
        }
        foreach (var line in request.Lines)
        {
            if (line.Quantity is < 1 or > PricingLine.MaxQuantity || line.UnitPrice is < 0 or > PricingLine.MaxUnitPrice || line.WeightGrams < 0)
            {
                throw new ArgumentException($"Line '{line.LineId}' has a quantity, price or weight outside the limits.", nameof(request));
            }
        }
    }
}

/// <summary><see cref="PricingOptions"/> resolved for this region.</summary>
internal sealed record PricingSettings(bool PricesIncludeTax, string OriginCountry);
