using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Catalog;

/// <summary>
/// Facet counts checked against brute force over the seeded catalog, read through the public API.
/// Each facet must count the products that pass every active filter except the facet's own.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FacetTests(MeridianApp app)
{
    private static readonly long[] Edges = [0, 2500, 5000, 10000, 20000, 50000];

    public static TheoryData<string> FilterCombinations() =>
    [
        "",
        "brand=nordwind",
        "category=clothing",
        "category=tops&attr.color=red,navy",
        "brand=nordwind,altocraft,verdeworks&category=shoes",
        "price.min=2500&price.max=9999&attr.size=m",
        "category=home&attr.material=linen,cotton&price.min=1000",
        "attr.color=black&attr.size=l&brand=kiruline,oakcraft,fjellwind&category=clothing",
        "currency=GBP&price.max=5000&category=sports",
    ];

    [Theory]
    [MemberData(nameof(FilterCombinations))]
    public async Task facet_counts_match_brute_force_over_the_seeded_catalog(string filters)
    {
        var client = app.Client();
        var products = await client.AllProducts();
        Assert.True(products.Count > 250, $"The seeded catalog should be searchable, got {products.Count}");
        var query = Parse(filters);
        var currency = query.TryGetValue("currency", out var c) ? c[0] : "EUR";

        var result = await client.Search($"{filters}&facets=brand,category,price,attr.color,attr.size,attr.material&limit=1");

        var expectedTotal = products.Count(p => PassesAll(p, query, currency, except: null));
        Assert.Equal(expectedTotal, result.GetProperty("total").GetInt32());
        AssertFacet(result, "brand", products.Where(p => PassesAll(p, query, currency, "brand")).Select(p => p.Brand).OfType<string>().Select(b => new[] { b }));
        AssertFacet(result, "category", products.Where(p => PassesAll(p, query, currency, "category")).Select(p => p.CategoryPath.ToArray()));
        foreach (var code in new[] { "color", "size", "material" })
        {
            AssertFacet(result, "attr." + code, products.Where(p => PassesAll(p, query, currency, "attr." + code))
                .Select(p => p.Values.TryGetValue(code, out var v) ? v.ToArray() : []));
        }
        var priced = products.Where(p => PassesAll(p, query, currency, "price") && p.FromPrices.ContainsKey(currency)).Select(p => p.FromPrices[currency]).ToList();
        var buckets = result.GetProperty("priceBuckets").EnumerateArray().ToList();
        for (var i = 0; i < Edges.Length; i++)
        {
            var max = i + 1 < Edges.Length ? Edges[i + 1] : long.MaxValue;
            Assert.Equal(priced.Count(p => p >= Edges[i] && p < max), buckets[i].GetProperty("count").GetInt32());
        }
    }

    private static void AssertFacet(JsonElement result, string facet, IEnumerable<string[]> valuesPerProduct)
    {
        var expected = valuesPerProduct.SelectMany(v => v.Distinct()).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        var actual = result.GetProperty("facets").GetProperty(facet).EnumerateArray()
            .ToDictionary(f => f.GetProperty("value").GetString()!, f => f.GetProperty("count").GetInt32());
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    private static bool PassesAll(SeenProduct product, Dictionary<string, string[]> query, string currency, string? except)
    {
        foreach (var (name, values) in query)
        {
            if (name == except || (except == "price" && name.StartsWith("price.", StringComparison.Ordinal)) || name == "currency")
            {
                continue;
            }
            var passes = name switch
            {
                "brand" => product.Brand is not null && values.Contains(product.Brand),
                "category" => product.CategoryPath.Any(values.Contains),
                "price.min" => product.FromPrices.TryGetValue(currency, out var min) && min >= long.Parse(values[0], System.Globalization.CultureInfo.InvariantCulture),
                "price.max" => product.FromPrices.TryGetValue(currency, out var max) && max <= long.Parse(values[0], System.Globalization.CultureInfo.InvariantCulture),
                _ => product.Values.TryGetValue(name["attr.".Length..], out var own) && own.Overlaps(values),
            };
            if (!passes)
            {
                return false;
            }
        }
        return true;
    }

    private static Dictionary<string, string[]> Parse(string filters) =>
        filters.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(pair => pair[0], pair => pair[1].Split(','));
}
