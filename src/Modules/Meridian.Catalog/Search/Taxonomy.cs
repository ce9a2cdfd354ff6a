using Meridian.Catalog.Domain;

namespace Meridian.Catalog.Search;

/// <summary>An immutable snapshot of categories, brands and attributes, with the lookups search needs.</summary>
internal sealed class Taxonomy
{
    private readonly Dictionary<string, Category> _categoriesById;
    private readonly Dictionary<string, List<Category>> _children;

    public Taxonomy(IEnumerable<Category> categories, IEnumerable<Brand> brands, IEnumerable<AttributeDefinition> attributes)
    {
        Categories = categories.OrderBy(c => c.Position).ThenBy(c => c.Handle, StringComparer.Ordinal).ToList();
        _categoriesById = Categories.ToDictionary(c => c.Id, StringComparer.Ordinal);
        CategoriesByHandle = Categories.ToDictionary(c => c.Handle, StringComparer.Ordinal);
        _children = Categories.Where(c => c.ParentId is not null).GroupBy(c => c.ParentId!)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Brands = brands.ToList();
        BrandsById = Brands.ToDictionary(b => b.Id, StringComparer.Ordinal);
        BrandsByHandle = Brands.ToDictionary(b => b.Handle, StringComparer.Ordinal);
        Attributes = attributes.ToDictionary(a => a.Code, StringComparer.Ordinal);
        _brandViews = Brands.ToDictionary(b => b.Id, b => new BrandView(b.Id, b.Handle, b.Name), StringComparer.Ordinal);
        _categoryViews = Categories.ToDictionary(c => c.Id, c => new CategoryView(c.Id, c.Handle, c.Name), StringComparer.Ordinal);
    }

    private readonly Dictionary<string, BrandView> _brandViews;
    private readonly Dictionary<string, CategoryView> _categoryViews;

    /// <summary>Repeated strings and option maps of the read model, shared instead of copied per product.</summary>
    public StringPool Strings { get; } = new();

    /// <summary>One shared view per brand, so 100,000 products do not hold 100,000 copies.</summary>
    public BrandView? BrandView(string id) => _brandViews.GetValueOrDefault(id);

    public CategoryView? CategoryView(string id) => _categoryViews.GetValueOrDefault(id);

    public static Taxonomy Empty { get; } = new([], [], []);

    public IReadOnlyList<Category> Categories { get; }
    public IReadOnlyDictionary<string, Category> CategoriesByHandle { get; }
    public IReadOnlyList<Brand> Brands { get; }
    public IReadOnlyDictionary<string, Brand> BrandsById { get; }
    public IReadOnlyDictionary<string, Brand> BrandsByHandle { get; }
    public IReadOnlyDictionary<string, AttributeDefinition> Attributes { get; }

    public Category? CategoryById(string? id) => id is not null && _categoriesById.TryGetValue(id, out var c) ? c : null;

    /// <summary>The category and its ancestors, root first.</summary>
    public IReadOnlyList<Category> PathOf(string? categoryId)
    {
        var path = new List<Category>();
        for (var current = CategoryById(categoryId); current is not null && path.Count < 32; current = CategoryById(current.ParentId))
        {
            path.Add(current);
        }
        path.Reverse();
        return path;
    }

    public IReadOnlyList<Category> ChildrenOf(string id) => _children.TryGetValue(id, out var children) ? children : [];

    public bool IsFilterable(string code) => Attributes.TryGetValue(code, out var a) && a.Filterable;
}
