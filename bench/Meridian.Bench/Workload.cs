namespace Meridian.Bench;

/// <summary>
/// The requests of the search scenarios: a fixed list built from a fixed seed out of the vocabulary
/// of the demo catalog (<c>src/Modules/Meridian.Catalog/Data/DemoCatalog.cs</c>), so every run asks
/// the same things and no single cached query flatters the figures.
/// </summary>
internal static class Workload
{
    public const string Facets = "brand,category,price,attr.color,attr.size";
    public const int PageSize = 20;

    // Departments and their sections, as a shopper narrows from the menu; a category filter includes descendants.
    private static readonly string[] Categories =
        ["clothing", "tops", "bottoms", "outerwear", "shoes", "sports", "accessories", "home", "clothing", "tops", "shoes", "shirts", "jackets", "sneakers"];
    private static readonly string[] BrandStems = ["Nord", "Alto", "Verde", "Kiru", "Lumen", "Oak", "Sable", "Tide", "Ember", "Fjell", "Mira", "Solen"];
    private static readonly string[] BrandEndings = ["wind", "craft", "works", "line", "field"];
    private static readonly string[] Colors = ["black", "white", "navy", "grey", "red", "green", "blue", "beige", "brown", "olive", "pink", "yellow"];
    // Words shoppers type: adjectives, materials and model names of the demo titles, and a few two-word queries.
    private static readonly string[] Words =
    [
        "classic", "essential", "relaxed", "slim", "heavyweight", "lightweight", "organic", "vintage", "urban", "alpine",
        "coastal", "everyday", "premium", "recycled", "technical", "merino", "cotton", "linen", "wool", "denim", "leather",
        "nylon", "bamboo", "aria", "boreal", "cedar", "delta", "echo", "harbor", "kestrel", "orion", "ridge", "sierra",
        "organic cotton", "merino wool", "slim denim", "premium leather",
    ];

    /// <summary>The brand handles of the demo catalog, derived as DemoCatalog derives them.</summary>
    public static IReadOnlyList<string> Brands { get; } =
        [.. BrandStems.SelectMany(stem => BrandEndings.Take(3 + (stem.Length % 3)).Select(ending => (stem + ending).ToLowerInvariant()))];

    /// <summary>One search: text, category, brand and colour, all five facets, one page of 20.</summary>
    public sealed record SearchQuery(string Text, string Category, string Brand, string Color)
    {
        public string PathAndQuery(bool text = true, bool filters = true, bool facets = true)
        {
            var parts = new List<string>();
            if (text)
            {
                parts.Add("q=" + Uri.EscapeDataString(Text));
            }
            if (filters)
            {
                parts.Add("category=" + Category);
                parts.Add("brand=" + Brand);
                parts.Add("attr.color=" + Color);
            }
            if (facets)
            {
                parts.Add("facets=" + Facets);
            }
            parts.Add("limit=" + PageSize);
            return "v1/catalog/products?" + string.Join('&', parts);
        }
    }

    public static IReadOnlyList<SearchQuery> SearchQueries(int count, int seed)
    {
        var random = new Random(seed);
        var queries = new List<SearchQuery>(count);
        var seen = new HashSet<SearchQuery>();
        while (queries.Count < count)
        {
            var query = new SearchQuery(
                Words[random.Next(Words.Length)],
                Categories[random.Next(Categories.Length)],
                Brands[random.Next(Brands.Count)],
                Colors[random.Next(Colors.Length)]);
            if (seen.Add(query))
            {
                queries.Add(query);
            }
        }
        return queries;
    }
}
