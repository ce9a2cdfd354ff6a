using Meridian.Pricing.Contracts;

namespace Meridian.Pricing.Domain;

/// <summary>A set of destination countries that share shipping methods (<c>eu</c>, <c>uk</c>, <c>us</c>).</summary>
internal sealed class ShippingZone
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public List<string> Countries { get; set; } = [];
}

/// <summary>What a method's bands measure.</summary>
internal enum RateBasis
{
    /// <summary>The cart's total weight in grams.</summary>
    Weight,

    /// <summary>The cart's merchandise total after discounts, in minor units.</summary>
    Price,
}

/// <summary>
/// A shipping method of one zone in one currency, priced by bands: the first band whose
/// <see cref="RateBand.UpTo"/> is at least the measure gives the price; past the last band the method
/// does not serve the cart. At or above <see cref="FreeAbove"/> merchandise total it is free.
/// </summary>
internal sealed class ShippingMethod
{
    public required string Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string ZoneCode { get; init; }
    public required string Currency { get; init; }
    public RateBasis Basis { get; set; }
    public List<RateBand> Bands { get; set; } = [];
    public long? FreeAbove { get; set; }
    public string TaxClass { get; set; } = TaxClasses.Standard;

    /// <summary>The price for a cart, or null when no band covers it.</summary>
    public long? Quote(long weightGrams, long merchandiseTotal)
    {
        var measure = Basis == RateBasis.Weight ? weightGrams : merchandiseTotal;
        var band = Bands.OrderBy(b => b.UpTo).FirstOrDefault(b => measure <= b.UpTo);
        if (band is null)
        {
            return null;
        }
        return FreeAbove is { } threshold && merchandiseTotal >= threshold ? 0 : band.Amount;
    }
}

/// <summary>One band of a rate table: up to and including <see cref="UpTo"/> grams or minor units, the price is <see cref="Amount"/>.</summary>
internal sealed class RateBand
{
    public long UpTo { get; set; }
    public long Amount { get; set; }
}
