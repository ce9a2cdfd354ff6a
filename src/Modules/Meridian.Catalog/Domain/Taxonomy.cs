namespace Meridian.Catalog.Domain;

/// <summary>A node of the category tree. Filtering on a category includes its descendants.</summary>
internal sealed class Category
{
    public required string Id { get; init; }
    public required string Handle { get; init; }
    public required string Name { get; set; }
    public string? ParentId { get; init; }
    public int Position { get; set; }
}

internal sealed class Brand
{
    public required string Id { get; init; }
    public required string Handle { get; init; }
    public required string Name { get; set; }
}

internal enum AttributeKind
{
    /// <summary>Describes the product as a whole (material).</summary>
    Attribute,

    /// <summary>Tells its variants apart (colour, size).</summary>
    Option,
}

/// <summary>An attribute the catalog knows; only filterable ones get filters and facets.</summary>
internal sealed class AttributeDefinition
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public AttributeKind Kind { get; init; }
    public bool Filterable { get; set; }
}

internal sealed class PriceList
{
    /// <summary>The list every shopper sees unless a more specific one applies.</summary>
    public const string DefaultId = "pl_default";

    public required string Id { get; init; }
    public required string Name { get; set; }
    public string? CustomerGroup { get; init; }
    public string? Region { get; init; }
    public int Priority { get; init; }
}
