using Meridian.Pricing.Contracts;

namespace Meridian.Pricing.Domain;

/// <summary>What a promotion takes off.</summary>
internal enum PromotionKind
{
    /// <summary>A percentage off the whole order's merchandise.</summary>
    PercentOffOrder,

    /// <summary>A fixed amount off the whole order's merchandise, spread across lines.</summary>
    FixedOffOrder,

    /// <summary>A percentage off each matching line.</summary>
    PercentOffItems,

    /// <summary>A fixed amount off each matching unit.</summary>
    FixedOffItems,

    /// <summary>The shipping price.</summary>
    FreeShipping,

    /// <summary>For every <see cref="Promotion.BuyQuantity"/> matching units bought, <see cref="Promotion.GetQuantity"/> more are free: the cheapest ones.</summary>
    BuyXGetY,
}

/// <summary>
/// A promotion: entered by <see cref="Code"/>, or automatic when the code is null. Targets are handles of
/// products, categories and brands; a line matches when it matches any target, and a promotion without
/// targets matches every line.
/// </summary>
internal sealed class Promotion
{
    public required string Id { get; init; }

    /// <summary>Upper-case code; null for an automatic promotion.</summary>
    public string? Code { get; set; }
    public required string Name { get; set; }
    public PromotionKind Kind { get; set; }

    /// <summary>Basis points for percentage kinds (1000 = 10 %).</summary>
    public int PercentBasisPoints { get; set; }

    /// <summary>Minor units of <see cref="Currency"/> for fixed kinds.</summary>
    public long Amount { get; set; }

    /// <summary>The currency of <see cref="Amount"/> and <see cref="MinSubtotal"/>; null applies in any currency (only when both are 0).</summary>
    public string? Currency { get; set; }

    /// <summary>The cart's subtotal before discounts must reach this.</summary>
    public long MinSubtotal { get; set; }
    public List<string> ProductHandles { get; set; } = [];
    public List<string> CategoryHandles { get; set; } = [];
    public List<string> BrandHandles { get; set; } = [];
    public int BuyQuantity { get; set; }
    public int GetQuantity { get; set; }
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public int? UsageLimit { get; set; }
    public int? PerCustomerLimit { get; set; }

    /// <summary>Uses claimed so far; changed only by conditional updates in <c>PromotionRedemptions</c>.</summary>
    public int Used { get; set; }

    /// <summary>False: applies only alone. True: combines with every other combinable promotion.</summary>
    public bool Combinable { get; set; } = true;

    /// <summary>Higher is considered first when promotions compete.</summary>
    public int Priority { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public bool IsItemLevel => Kind is PromotionKind.PercentOffItems or PromotionKind.FixedOffItems or PromotionKind.BuyXGetY;

    public bool HasTargets => ProductHandles.Count > 0 || CategoryHandles.Count > 0 || BrandHandles.Count > 0;

    public bool Matches(PricingLine line) =>
        !HasTargets
        || ProductHandles.Contains(line.ProductHandle, StringComparer.Ordinal)
        || (line.BrandHandle is not null && BrandHandles.Contains(line.BrandHandle, StringComparer.Ordinal))
        || (line.CategoryHandles ?? []).Any(c => CategoryHandles.Contains(c, StringComparer.Ordinal));

    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();
}

/// <summary>A claimed use of a promotion by an order; the (promotion, order) key makes a claim happen once.</summary>
internal sealed class Redemption
{
    public required string PromotionId { get; init; }
    public required string OrderId { get; init; }
    public string? CustomerId { get; init; }
    public DateTimeOffset RedeemedAt { get; init; }
}

/// <summary>Uses of a promotion by one customer, kept as a counter so the limit is one guarded upsert.</summary>
internal sealed class CustomerUsage
{
    public required string PromotionId { get; init; }
    public required string CustomerId { get; init; }
    public int Used { get; set; }
}
