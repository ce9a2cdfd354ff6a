namespace Meridian.Catalog.Contracts;

/// <summary>A purchasable variant as carts and checkout need it, priced in one currency.</summary>
/// <param name="VariantId">The variant's id.</param>
/// <param name="Sku">Its SKU, the key of stock.</param>
/// <param name="ProductId">The product's id.</param>
/// <param name="ProductHandle">The product's handle.</param>
/// <param name="ProductTitle">The product's title.</param>
/// <param name="VariantTitle">The variant's title (colour / size).</param>
/// <param name="UnitPrice">The list price in minor units of the requested currency; null when the variant has no price in it.</param>
/// <param name="Currency">The requested currency.</param>
/// <param name="CategoryHandles">The product's category and its ancestors, root first.</param>
/// <param name="BrandHandle">The brand's handle, if any.</param>
/// <param name="WeightGrams">Shipping weight.</param>
/// <param name="TaxClass">The product's tax class.</param>
/// <param name="ImageUrl">The first image, if any.</param>
public sealed record CatalogVariant(
    string VariantId,
    string Sku,
    string ProductId,
    string ProductHandle,
    string ProductTitle,
    string VariantTitle,
    long? UnitPrice,
    string Currency,
    IReadOnlyList<string> CategoryHandles,
    string? BrandHandle,
    int WeightGrams,
    string TaxClass,
    string? ImageUrl);

/// <summary>
/// Looks up published variants by id or SKU from the catalog's read model: no database round trip,
/// and it keeps answering while the database is down.
/// </summary>
public interface ICatalogVariants
{
    /// <summary>The published variants among <paramref name="variantIdsOrSkus"/>, keyed by the id or SKU asked for; unknown or unpublished ones are absent.</summary>
    IReadOnlyDictionary<string, CatalogVariant> Find(IEnumerable<string> variantIdsOrSkus, string currency);
}
