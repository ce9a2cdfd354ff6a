namespace Meridian.Catalog.Search;

internal sealed record MoneyView(long Amount, string Currency);

internal sealed record BrandView(string Id, string Handle, string Name);

internal sealed record CategoryView(string Id, string Handle, string Name);

/// <summary>A product in a list of search results; the price is the lowest variant price in the requested currency.</summary>
internal sealed record ProductSummary(
    string Id, string Handle, string Title, BrandView? Brand, CategoryView? Category, MoneyView? Price, string? Thumbnail, DateTimeOffset CreatedAt);

internal sealed record VariantView(
    string Id, string Sku, string Title, IReadOnlyDictionary<string, string> Options, IReadOnlyList<MoneyView> Prices, int WeightGrams);

/// <summary>Everything a product page shows.</summary>
internal sealed record ProductDetail(
    string Id,
    string Handle,
    string Title,
    string Description,
    string Status,
    BrandView? Brand,
    IReadOnlyList<CategoryView> Categories,
    IReadOnlyList<string> Media,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<VariantView> Variants,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string TaxClass);
