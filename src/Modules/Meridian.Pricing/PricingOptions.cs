namespace Meridian.Pricing;

/// <summary>Pricing settings of this region (section <c>Meridian:Pricing</c>).</summary>
internal sealed class PricingOptions
{
    public const string Section = "Meridian:Pricing";

    /// <summary>
    /// True: catalog prices are gross and tax is the part of each total that is tax (EU, UK). False: tax is
    /// added on top (US). Unset: true unless the region's jurisdiction is US.
    /// </summary>
    public bool? PricesIncludeTax { get; set; }

    /// <summary>The country tax is estimated for before the shopper gives an address.</summary>
    public string OriginCountry { get; set; } = "DE";
}
