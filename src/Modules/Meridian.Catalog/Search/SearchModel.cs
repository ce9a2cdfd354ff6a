namespace Meridian.Catalog.Search;

internal enum SearchSort
{
    Relevance,
    PriceAscending,
    PriceDescending,
    Newest,
}

/// <summary>A parsed, validated search: every handle and code in it has been checked against the taxonomy.</summary>
internal sealed record SearchRequest
{
    public string? Text { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Brands { get; init; } = [];
    public long? PriceMin { get; init; }
    public long? PriceMax { get; init; }
    public string Currency { get; init; } = "EUR";
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public IReadOnlySet<string> Facets { get; init; } = new HashSet<string>();
    public int Limit { get; init; } = 20;
    public SortKey? After { get; init; }
}

/// <summary>A position in a sorted result list; the cursor a client gets back is this, encoded.</summary>
internal readonly record struct SortKey(long Primary, long Secondary, string Id) : IComparable<SortKey>
{
    public int CompareTo(SortKey other)
    {
        var primary = Primary.CompareTo(other.Primary);
        if (primary != 0)
        {
            return primary;
        }
        var secondary = Secondary.CompareTo(other.Secondary);
        return secondary != 0 ? secondary : string.CompareOrdinal(Id, other.Id);
    }

    public string Encode() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"1|{Primary}|{Secondary}|{Id}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string cursor, out SortKey key)
    {
        key = default;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            if (parts is ["1", var primary, var secondary, var id]
                && long.TryParse(primary, System.Globalization.CultureInfo.InvariantCulture, out var p)
                && long.TryParse(secondary, System.Globalization.CultureInfo.InvariantCulture, out var s)
                && id.Length is > 0 and <= 64)
            {
                key = new SortKey(p, s, id);
                return true;
            }
        }
        catch (FormatException)
        {
            return false;
        }
        return false;
    }
}

internal sealed record FacetCount(string Value, string Label, int Count, string? Parent = null);

internal sealed record PriceBucket(long Min, long? Max, int Count);

internal sealed record SearchResult(
    IReadOnlyList<ProductDocument> Items,
    int Total,
    string? NextCursor,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    IReadOnlyList<PriceBucket>? PriceFacet);

/// <summary>What the index keeps of one published product.</summary>
internal sealed record ProductDocument(
    string Id,
    string Handle,
    string Title,
    string Description,
    string? BrandId,
    string? CategoryId,
    IReadOnlyList<string> Skus,
    IReadOnlyList<(string Code, string Value)> FacetValues,
    IReadOnlyDictionary<string, long> FromPrices,
    DateTimeOffset CreatedAt,
    ProductDetail Detail);
