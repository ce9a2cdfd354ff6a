using Meridian.Pricing.Contracts;

namespace Meridian.Pricing.Domain;

/// <summary>What promotions need to know beyond the cart.</summary>
/// <param name="Now">The moment of pricing, for start and end dates.</param>
/// <param name="Currency">The cart's currency.</param>
/// <param name="CustomerId">The signed-in customer, or null.</param>
/// <param name="CustomerUses">Uses so far by this customer, by promotion id.</param>
internal sealed record PromotionContext(DateTimeOffset Now, string Currency, string? CustomerId, IReadOnlyDictionary<string, int> CustomerUses);

/// <summary>The discounts of a cart before shipping and tax: per line, per promotion, and what was refused.</summary>
internal sealed class DiscountSheet
{
    public required long[] Subtotals { get; init; }
    public required long[] Discounts { get; init; }
    public required List<DiscountAllocation>[] Allocations { get; init; }
    public required List<Promotion> Applied { get; init; }
    public required Dictionary<string, long> AmountByPromotion { get; init; }
    public required Dictionary<string, string?> CodeByPromotion { get; init; }
    public required List<RejectedCode> Rejected { get; init; }

    public long Subtotal => Subtotals.Sum();

    public long MerchandiseTotal => Subtotal - Discounts.Sum();

    public Promotion? FreeShipping => Applied.FirstOrDefault(p => p.Kind == PromotionKind.FreeShipping);
}

/// <summary>
/// Chooses the promotions that apply to a cart and spreads what each takes off across its lines.
/// <list type="bullet">
/// <item>Eligibility: dates (start inclusive, end exclusive), currency, minimum subtotal (before any
/// discount), total and per-customer usage, and for item promotions at least one matching line.</item>
/// <item>Combination: eligible promotions are considered by priority (highest first, then oldest). The first
/// is taken; each later one is taken only when it and every promotion taken so far are combinable. A
/// refused entered code is reported as <see cref="PromotionRejection.DoesNotCombine"/>.</item>
/// <item>Order of effect: item promotions first, then order promotions on what is left, so a percentage
/// off the order never discounts money an item promotion already took off. Every promotion takes at most
/// what is left of each line, so no line goes below zero.</item>
/// </list>
/// </summary>
internal static class PromotionEngine
{
    public static DiscountSheet Apply(IReadOnlyList<PricingLine> lines, IReadOnlyList<string> enteredCodes, IReadOnlyList<Promotion> promotions, PromotionContext context)
    {
        var subtotals = lines.Select(l => checked(l.UnitPrice * l.Quantity)).ToArray();
        var sheet = new DiscountSheet
        {
            Subtotals = subtotals,
            Discounts = new long[lines.Count],
            Allocations = lines.Select(_ => new List<DiscountAllocation>()).ToArray(),
            Applied = [],
            AmountByPromotion = new(StringComparer.Ordinal),
            CodeByPromotion = new(StringComparer.Ordinal),
            Rejected = [],
        };
        var subtotal = sheet.Subtotal;

        var byCode = promotions.Where(p => p.Code is not null).ToDictionary(p => p.Code!, StringComparer.Ordinal);
        var candidates = new List<(Promotion Promotion, string? Code)>();
        foreach (var code in enteredCodes.Select(Promotion.NormalizeCode).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (!byCode.TryGetValue(code, out var promotion))
            {
                sheet.Rejected.Add(new RejectedCode(code, PromotionRejection.Unknown));
            }
            else if (Ineligibility(promotion, lines, subtotal, context) is { } reason)
            {
                sheet.Rejected.Add(new RejectedCode(code, reason));
            }
            else
            {
                candidates.Add((promotion, code));
            }
        }
        candidates.AddRange(promotions.Where(p => p.Code is null && Ineligibility(p, lines, subtotal, context) is null).Select(p => (p, (string?)null)));

        foreach (var (promotion, code) in candidates.OrderByDescending(c => c.Promotion.Priority).ThenBy(c => c.Promotion.CreatedAt).ThenBy(c => c.Promotion.Id, StringComparer.Ordinal))
        {
            if (sheet.Applied.Count == 0 || (promotion.Combinable && sheet.Applied.All(p => p.Combinable)))
            {
                sheet.Applied.Add(promotion);
                sheet.CodeByPromotion[promotion.Id] = code;
                sheet.AmountByPromotion[promotion.Id] = 0;
            }
            else if (code is not null)
            {
                sheet.Rejected.Add(new RejectedCode(code, PromotionRejection.DoesNotCombine));
            }
        }

        foreach (var promotion in sheet.Applied.Where(p => p.IsItemLevel).Concat(sheet.Applied.Where(p => !p.IsItemLevel)))
        {
            var shares = Shares(promotion, lines, sheet);
            for (var i = 0; i < lines.Count; i++)
            {
                if (shares[i] > 0)
                {
                    sheet.Discounts[i] += shares[i];
                    sheet.Allocations[i].Add(new DiscountAllocation(promotion.Id, shares[i]));
                    sheet.AmountByPromotion[promotion.Id] += shares[i];
                }
            }
        }
        return sheet;
    }

    /// <summary>Why <paramref name="promotion"/> cannot apply to this cart, or null when it can.</summary>
    public static PromotionRejection? Ineligibility(Promotion promotion, IReadOnlyList<PricingLine> lines, long subtotal, PromotionContext context)
    {
        if (promotion.StartsAt is { } starts && context.Now < starts)
        {
            return PromotionRejection.NotYetActive;
        }
        if (promotion.EndsAt is { } ends && context.Now >= ends)
        {
            return PromotionRejection.Expired;
        }
        if (promotion.Currency is not null && promotion.Currency != context.Currency)
        {
            return PromotionRejection.WrongCurrency;
        }
        if (subtotal < promotion.MinSubtotal)
        {
            return PromotionRejection.MinimumNotMet;
        }
        if (promotion.UsageLimit is { } limit && promotion.Used >= limit)
        {
            return PromotionRejection.UsageLimitReached;
        }
        if (promotion.PerCustomerLimit is { } perCustomer)
        {
            if (context.CustomerId is null)
            {
                return PromotionRejection.SignInRequired;
            }
            if (context.CustomerUses.GetValueOrDefault(promotion.Id) >= perCustomer)
            {
                return PromotionRejection.UsageLimitReached;
            }
        }
        if (promotion.IsItemLevel)
        {
            var units = lines.Where(promotion.Matches).Sum(l => (long)l.Quantity);
            var needed = promotion.Kind == PromotionKind.BuyXGetY ? promotion.BuyQuantity + promotion.GetQuantity : 1;
            if (units < needed)
            {
                return PromotionRejection.NoMatchingItems;
            }
        }
        return null;
    }

    private static long[] Shares(Promotion promotion, IReadOnlyList<PricingLine> lines, DiscountSheet sheet)
    {
        var remaining = lines.Select((_, i) => sheet.Subtotals[i] - sheet.Discounts[i]).ToArray();
        var matching = lines.Select(l => promotion.Matches(l)).ToArray();
        var shares = new long[lines.Count];
        switch (promotion.Kind)
        {
            case PromotionKind.PercentOffItems:
            case PromotionKind.PercentOffOrder:
                {
                    var weights = remaining.Select((r, i) => matching[i] || promotion.Kind == PromotionKind.PercentOffOrder ? r : 0).ToArray();
                    return MinorUnits.Allocate(MinorUnits.Percent(weights.Sum(), promotion.PercentBasisPoints), weights);
                }
            case PromotionKind.FixedOffOrder:
                return MinorUnits.Allocate(Math.Min(promotion.Amount, remaining.Sum()), remaining);
            case PromotionKind.FixedOffItems:
                for (var i = 0; i < lines.Count; i++)
                {
                    if (matching[i])
                    {
                        var off = (Int128)promotion.Amount * lines[i].Quantity;
                        shares[i] = (long)Int128.Min(off, remaining[i]);
                    }
                }
                return shares;
            case PromotionKind.BuyXGetY:
                {
                    var group = promotion.BuyQuantity + promotion.GetQuantity;
                    var units = lines.Where((_, i) => matching[i]).Sum(l => (long)l.Quantity);
                    var free = units / group * promotion.GetQuantity;
                    foreach (var i in Enumerable.Range(0, lines.Count).Where(i => matching[i]).OrderBy(i => lines[i].UnitPrice).ThenBy(i => i))
                    {
                        if (free == 0)
                        {
                            break;
                        }
                        var take = Math.Min(free, lines[i].Quantity);
                        free -= take;
                        shares[i] = Math.Min(take * lines[i].UnitPrice, remaining[i]);
                    }
                    return shares;
                }
            default:
                return shares;
        }
    }
}
