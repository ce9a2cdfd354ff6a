using System.Net;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Catalog;

[Collection(ServerCollection.Name)]
public sealed class SearchTests(MeridianApp app)
{
    private async Task<SeenProduct> AnyProduct(string query = "limit=1&sort=newest")
    {
        var client = app.Client();
        var id = (await client.Search(query)).Ids()[0];
        return CatalogClient.ToSeen(await (await client.GetAsync($"/v1/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK));
    }

    [Fact]
    public async Task a_title_word_finds_the_product_and_exact_matches_rank_first()
    {
        var product = await AnyProduct();
        var word = product.Title.Split(' ')[^1];

        var result = await app.Client().Search($"q={word}&limit=100");

        Assert.Contains(product.Id, result.Ids());
        var top = result.GetProperty("items")[0].GetProperty("title").GetString()!;
        Assert.Contains(word, top, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_sku_finds_its_product_first()
    {
        var product = await AnyProduct();

        var result = await app.Client().Search($"q={product.Skus[0]}");

        Assert.Equal(product.Id, result.Ids()[0]);
    }

    [Fact]
    public async Task a_prefix_and_a_typo_still_find_the_product()
    {
        // Other tests in the shared app create products with short or coded titles: take a product with a long word.
        var client = app.Client();
        var candidates = (await client.Search("limit=100&sort=newest")).Ids();
        SeenProduct? product = null;
        foreach (var id in candidates)
        {
            var seen = CatalogClient.ToSeen(await (await client.GetAsync($"/v1/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK));
            if (seen.Title.Split(' ').Any(IsLongWord))
            {
                product = seen;
                break;
            }
        }
        Assert.NotNull(product);
        var word = product.Title.Split(' ').First(IsLongWord);
        var typo = word[0] + word[2..3] + word[1..2] + word[3..];

        Assert.Contains(product.Id, (await app.Client().Search($"q={word[..4]}&limit=100&sort=newest")).Ids());
        Assert.Contains(product.Id, (await app.Client().Search($"q={typo}&limit=100&sort=newest")).Ids());
    }

    private static bool IsLongWord(string word) => word.Length >= 6 && word.All(char.IsLetter);

    [Fact]
    public async Task words_that_match_nothing_find_nothing()
    {
        var result = await app.Client().Search("q=zzqxv");
        Assert.Equal(0, result.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task a_category_filter_includes_its_descendants()
    {
        var client = app.Client();
        var parent = await client.Search("category=clothing&limit=1");
        var children = 0;
        foreach (var child in new[] { "tops", "bottoms", "outerwear" })
        {
            children += (await client.Search($"category={child}&limit=1")).GetProperty("total").GetInt32();
        }
        Assert.True(children > 0);
        Assert.Equal(children, parent.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task a_price_range_applies_in_the_requested_currency()
    {
        var result = await app.Client().Search("currency=GBP&price.min=2000&price.max=4000&limit=100");
        Assert.True(result.GetProperty("total").GetInt32() > 0);
        Assert.All(result.GetProperty("items").EnumerateArray(), item =>
        {
            var price = item.GetProperty("price");
            Assert.Equal("GBP", price.GetProperty("currency").GetString());
            Assert.InRange(price.GetProperty("amount").GetInt64(), 2000, 4000);
        });
    }

    [Theory]
    [InlineData("price")]
    [InlineData("-price")]
    public async Task results_sort_by_price(string sort)
    {
        var items = (await app.Client().Search($"sort={sort}&limit=100")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("price").GetProperty("amount").GetInt64()).ToList();
        var expected = sort == "price" ? items.Order().ToList() : items.OrderDescending().ToList();
        Assert.Equal(expected, items);
    }

    [Fact]
    public async Task newest_sorts_by_creation_time_descending()
    {
        var items = (await app.Client().Search("sort=newest&limit=50")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal(items.OrderDescending().ToList(), items);
    }

    [Theory]
    [InlineData("q=shirt")]
    [InlineData("category=tops&sort=price")]
    [InlineData("sort=-price&attr.color=red")]
    public async Task cursor_pages_cover_every_result_exactly_once(string query)
    {
        var client = app.Client();
        var all = (await client.Search(query + "&limit=100")).Ids();
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.Search($"{query}&limit=7" + (cursor is null ? "" : "&cursor=" + cursor));
            paged.AddRange(page.Ids());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.True(all.Count < 100, "The query must fit one page of 100 for this check");
        Assert.Equal(all, paged);
    }

    [Theory]
    [InlineData("colour=red", "colour")]
    [InlineData("attr.flavour=mint", "attr.flavour")]
    [InlineData("attr.care=dry", "attr.care")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("facets=brand,colour", "facets")]
    [InlineData("currency=eur", "currency")]
    [InlineData("currency=XYZ", "currency")]
    [InlineData("price.min=-5", "price.min")]
    [InlineData("price.min=12.5", "price.min")]
    [InlineData("price.min=5000&price.max=100", "price.min")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task bad_search_parameters_are_400_with_the_field_named(string query, string field)
    {
        var response = await app.Client().GetAsync("/v1/catalog/products?" + query);
        await response.ShouldBeInvalid(field);
    }

    [Fact]
    public async Task an_overlong_query_is_400()
    {
        var response = await app.Client().GetAsync("/v1/catalog/products?q=" + new string('a', 201));
        await response.ShouldBeInvalid("q");
    }

    [Fact]
    public async Task search_needs_a_channel_key()
    {
        await (await app.Client(apiKey: null).GetAsync("/v1/catalog/products")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_category_tree_has_roots_with_children()
    {
        var tree = await (await app.Client().GetAsync("/v1/catalog/categories")).ShouldBe(HttpStatusCode.OK);
        var clothing = tree.EnumerateArray().Single(c => c.GetProperty("handle").GetString() == "clothing");
        Assert.Contains(clothing.GetProperty("children").EnumerateArray(), c => c.GetProperty("handle").GetString() == "tops");
    }
}
