namespace Meridian.Pricing.Domain;

/// <summary>A tax rate of one country and tax class, in basis points (1900 = 19 %).</summary>
internal sealed class TaxRate
{
    public required string Id { get; init; }
    public required string Country { get; init; }
    public required string TaxClass { get; init; }
    public int RateBasisPoints { get; set; }
    public string? Name { get; set; }
}
