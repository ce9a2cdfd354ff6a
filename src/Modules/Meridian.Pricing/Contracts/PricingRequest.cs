namespace Meridian.Pricing.Contracts;

/// <summary>
/// What a cart holds, as pricing needs it. The caller (carts, checkout) copies prices and taxonomy from
/// the catalog; pricing never reads another module's tables.
/// </summary>
/// <param name="Currency">Upper-case ISO 4217 code of every amount in the request and the result.</param>
/// <param name="Lines">The cart's lines; at most <see cref="MaxLines"/>.</param>
/// <param name="ShipToCountry">ISO 3166-1 alpha-2 code of the destination; null before an address is known (tax is then estimated for the store's origin country and no shipping is priced).</param>
/// <param name="CustomerId">The signed-in customer, for per-customer usage limits; null for a guest.</param>
/// <param name="PromotionCodes">Codes the shopper entered, compared case-insensitively.</param>
/// <param name="ShippingMethod">The chosen shipping method's code (<c>standard</c>), or null when none is chosen yet.</param>
public sealed record PricingRequest(
    string Currency,
    IReadOnlyList<PricingLine> Lines,
    string? ShipToCountry = null,
    string? CustomerId = null,
    IReadOnlyList<string>? PromotionCodes = null,
    string? ShippingMethod = null)
{
    /// <summary>Most lines one request may hold; with the other limits no sum can overflow.</summary>
    public const int MaxLines = 200;
}

/// <summary>
/// One cart line. Promotions target products, categories and brands by <b>handle</b>, because handles
/// are authored by people, stable across regions and readable in a promotion's definition, while the
/// demo catalog's ids are opaque.
/// </summary>
/// <param name="LineId">The caller's id of the line, echoed in the result.</param>
/// <param name="ProductHandle">The product's handle, matched by product-targeted promotions.</param>
/// <param name="Sku">The variant's SKU.</param>
/// <param name="UnitPrice">Minor units per unit, as the catalog lists it (gross where prices include tax); 0 to <see cref="MaxUnitPrice"/>.</param>
/// <param name="Quantity">1 to <see cref="MaxQuantity"/>.</param>
/// <param name="CategoryHandles">The product's category and all its ancestors (<c>shirts</c>, <c>tops</c>, <c>clothing</c>).</param>
/// <param name="BrandHandle">The product's brand, if any.</param>
/// <param name="TaxClass">The product's tax class (<c>standard</c>, <c>reduced</c>); a class a country has no rate for falls back to its standard rate.</param>
/// <param name="WeightGrams">Weight of one unit, for weight-banded shipping rates.</param>
/// <param name="ProductId">The product's id, echoed for the caller's convenience.</param>
/// <param name="VariantId">The variant's id, echoed for the caller's convenience.</param>
public sealed record PricingLine(
    string LineId,
    string ProductHandle,
    string Sku,
    long UnitPrice,
    int Quantity,
    IReadOnlyList<string>? CategoryHandles = null,
    string? BrandHandle = null,
    string TaxClass = TaxClasses.Standard,
    int WeightGrams = 0,
    string? ProductId = null,
    string? VariantId = null)
{
    /// <summary>Highest unit price in minor units (one billion units of a two-decimal currency).</summary>
    public const long MaxUnitPrice = 100_000_000_000;

    /// <summary>Highest quantity of one line.</summary>
    public const int MaxQuantity = 100_000;
}

/// <summary>Tax classes the built-in tables know; a provider may know more.</summary>
public static class TaxClasses
{
    /// <summary>The country's standard rate.</summary>
    public const string Standard = "standard";

    /// <summary>The country's reduced rate (food, books).</summary>
    public const string Reduced = "reduced";
}
