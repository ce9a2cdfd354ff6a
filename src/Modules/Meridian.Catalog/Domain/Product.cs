namespace Meridian.Catalog.Domain;

internal enum ProductStatus
{
    Draft,
    Published,
}

/// <summary>A product as the admin authors it. Shoppers never read this type: they read the search index.</summary>
internal sealed class Product
{
    public required string Id { get; init; }
    public required string Handle { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public string? BrandId { get; set; }
    public string? CategoryId { get; set; }
    public ProductStatus Status { get; set; }
    public List<string> Media { get; set; } = [];
    public List<AttributeValue> Attributes { get; set; } = [];
    public List<Variant> Variants { get; set; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Bumped on every change: the ETag of the product and its optimistic-concurrency token.</summary>
    public int Version { get; set; }

    /// <summary>Which tax rates apply (<c>standard</c>, <c>reduced</c>, …); pricing looks the rate up by country and class.</summary>
    public string TaxClass { get; set; } = "standard";
}

/// <summary>A purchasable version of a product (a size, a colour), identified by its SKU.</summary>
internal sealed class Variant
{
    public required string Id { get; init; }
    public required string ProductId { get; init; }
    public required string Sku { get; set; }
    public required string Title { get; set; }
    public int Position { get; set; }
    public int WeightGrams { get; set; }
    public List<AttributeValue> Options { get; set; } = [];
    public List<Price> Prices { get; set; } = [];
}

/// <summary>
/// A price of one variant in one currency on one price list. The default list serves every shopper;
/// lists for a customer group or a region take precedence when those arrive.
/// </summary>
internal sealed class Price
{
    public required string VariantId { get; init; }
    public required string PriceListId { get; init; }
    public required string Currency { get; init; }
    public required long Amount { get; set; }
}

/// <summary>One attribute or option value, by the attribute's code (<c>color</c> = <c>red</c>).</summary>
internal sealed class AttributeValue
{
    public required string Code { get; set; }
    public required string Value { get; set; }
}
