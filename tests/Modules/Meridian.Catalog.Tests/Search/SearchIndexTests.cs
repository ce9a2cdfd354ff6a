using Meridian.Catalog.Domain;
using Meridian.Catalog.Search;

namespace Meridian.Catalog.Tests.Search;

public sealed class SearchIndexTests
{
    private static readonly Taxonomy Taxonomy = new(
        [
            new Category { Id = "cat_a", Handle = "clothing", Name = "Clothing" },
            new Category { Id = "cat_b", Handle = "shirts", Name = "Shirts", ParentId = "cat_a" },
            new Category { Id = "cat_c", Handle = "shoes", Name = "Shoes" },
        ],
        [new Brand { Id = "brand_n", Handle = "nordwind", Name = "Nordwind" }, new Brand { Id = "brand_a", Handle = "alto", Name = "Alto" }],
        [new AttributeDefinition { Code = "color", Name = "Colour", Kind = AttributeKind.Option, Filterable = true }]);

    private static ProductDocument Doc(string id, string title, string brand, string category, string color, long eur, int minute = 0) =>
        new(id, id + "-handle", title, "", brand, category, [id.ToUpperInvariant() + "-SKU"], [("color", color)],
            new Dictionary<string, long> { ["EUR"] = eur }, DateTimeOffset.UnixEpoch.AddMinutes(minute),
            new ProductDetail(id, id + "-handle", title, "", "published", null, [], [], new Dictionary<string, string>(), [], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, "standard"));

    private static SearchIndex Index(params ProductDocument[] documents)
    {
        var index = new SearchIndex();
        index.SetTaxonomy(Taxonomy);
        foreach (var document in documents)
        {
            index.Upsert(document);
        }
        return index;
    }

    private static SearchIndex Sample() => Index(
        Doc("p1", "Linen shirt", "brand_n", "cat_b", "red", 3000, 1),
        Doc("p2", "Oxford shirt", "brand_a", "cat_b", "blue", 5000, 2),
        Doc("p3", "Trail runner", "brand_n", "cat_c", "red", 9000, 3),
        Doc("p4", "Linen trousers", "brand_a", "cat_a", "beige", 7000, 4));

    [Fact]
    public void every_query_word_must_match()
    {
        var result = Sample().Search(new SearchRequest { Text = "linen shirt" });
        Assert.Equal(["p1"], result.Items.Select(i => i.Id));
    }

    [Fact]
    public void a_facet_ignores_its_own_filter_but_applies_the_others()
    {
        var result = Sample().Search(new SearchRequest
        {
            Brands = ["nordwind"],
            Attributes = new Dictionary<string, IReadOnlyList<string>> { ["color"] = ["red"] },
            Facets = new HashSet<string> { "brand", "attr.color" },
        });

        Assert.Equal(2, result.Total);
        Assert.Equal([("nordwind", 2)], result.Facets["brand"].Select(f => (f.Value, f.Count)));
        Assert.Equal([("red", 2)], result.Facets["attr.color"].Select(f => (f.Value, f.Count)));
    }

    [Fact]
    public void a_brand_facet_shows_what_another_brand_would_give()
    {
        var result = Sample().Search(new SearchRequest { Brands = ["alto"], Facets = new HashSet<string> { "brand" } });
        Assert.Equal(2, result.Total);
        Assert.Equal(new[] { ("alto", 2), ("nordwind", 2) }, result.Facets["brand"].Select(f => (f.Value, f.Count)).Order());
    }

    [Fact]
    public void a_category_counts_its_descendants()
    {
        var result = Sample().Search(new SearchRequest { Facets = new HashSet<string> { "category" } });
        var counts = result.Facets["category"].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(3, counts["clothing"]);
        Assert.Equal(2, counts["shirts"]);
        Assert.Equal(1, counts["shoes"]);
    }

    [Fact]
    public void an_upsert_replaces_and_a_remove_removes()
    {
        var index = Sample();
        index.Upsert(Doc("p1", "Wool coat", "brand_n", "cat_a", "grey", 12000, 1));
        index.Remove("p2");

        Assert.Empty(index.Search(new SearchRequest { Text = "linen shirt" }).Items);
        Assert.Equal(["p1"], index.Search(new SearchRequest { Text = "coat" }).Items.Select(i => i.Id));
        Assert.Null(index.Find("p2"));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void keyset_pages_follow_each_other_without_gaps_or_repeats()
    {
        var index = Sample();
        var seen = new List<string>();
        SortKey? after = null;
        do
        {
            var page = index.Search(new SearchRequest { Sort = SearchSort.PriceAscending, Limit = 1, After = after });
            seen.AddRange(page.Items.Select(i => i.Id));
            after = page.NextCursor is null ? null : SortKey.TryDecode(page.NextCursor, out var key) ? key : throw new InvalidOperationException();
        }
        while (after is not null);
        Assert.Equal(["p1", "p2", "p4", "p3"], seen);
    }

    [Fact]
    public void a_cursor_survives_encoding()
    {
        var key = new SortKey(-123, long.MinValue, "prod_01ABC");
        Assert.True(SortKey.TryDecode(key.Encode(), out var decoded));
        Assert.Equal(key, decoded);
        Assert.False(SortKey.TryDecode("bm90IGEgY3Vyc29y", out _));
    }

    [Theory]
    [InlineData("price")]
    [InlineData("-price")]
    [InlineData("newest")]
    public void a_large_result_pages_through_the_presorted_order_in_the_same_order_as_brute_force(string sortName)
    {
        var sort = sortName switch { "price" => SearchSort.PriceAscending, "-price" => SearchSort.PriceDescending, _ => SearchSort.Newest };
        var random = new Random(5);
        var documents = Enumerable.Range(0, 6000)
            .Select(i => Doc($"p{i:D5}", "Item", i % 2 == 0 ? "brand_n" : "brand_a", "cat_b", "red", random.Next(100, 900) * 10, random.Next(100_000)))
            .ToList();
        var index = Index([.. documents]);
        var expected = (sort switch
        {
            SearchSort.PriceAscending => documents.OrderBy(d => d.FromPrices["EUR"]).ThenByDescending(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal),
            SearchSort.PriceDescending => documents.OrderByDescending(d => d.FromPrices["EUR"]).ThenByDescending(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal),
            _ => documents.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal),
        }).Where(d => d.BrandId == "brand_n").Select(d => d.Id).ToList();

        var seen = new List<string>();
        SortKey? after = null;
        do
        {
            var page = index.Search(new SearchRequest { Sort = sort, Brands = ["nordwind"], Limit = 100, After = after });
            Assert.Equal(expected.Count, page.Total);
            seen.AddRange(page.Items.Select(i => i.Id));
            after = page.NextCursor is null ? null : SortKey.TryDecode(page.NextCursor, out var key) ? key : throw new InvalidOperationException();
        }
        while (after is not null);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public void the_presorted_order_follows_a_write()
    {
        var documents = Enumerable.Range(0, 5000).Select(i => Doc($"p{i:D5}", "Item", "brand_n", "cat_b", "red", 1000 + i)).ToArray();
        var index = Index(documents);
        Assert.Equal("p00000", index.Search(new SearchRequest { Sort = SearchSort.PriceAscending, Limit = 1 }).Items[0].Id);

        index.Upsert(Doc("p04999", "Item", "brand_n", "cat_b", "red", 1));

        Assert.Equal("p04999", index.Search(new SearchRequest { Sort = SearchSort.PriceAscending, Limit = 1 }).Items[0].Id);
    }
}
