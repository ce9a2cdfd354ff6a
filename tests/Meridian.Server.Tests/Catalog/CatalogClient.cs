using System.Net;
using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Catalog;

/// <summary>A product as the tests see it through the public API: the oracle for brute-force checks.</summary>
public sealed record SeenProduct(
    string Id, string Handle, string Title, string? Brand, IReadOnlyList<string> CategoryPath,
    IReadOnlyDictionary<string, HashSet<string>> Values, IReadOnlyDictionary<string, long> FromPrices, IReadOnlyList<string> Skus);

public static class CatalogClient
{
    public static async Task<JsonElement> Search(this HttpClient client, string query)
    {
        var response = await client.GetAsync("/v1/catalog/products?" + query);
        return await response.ShouldBe(HttpStatusCode.OK);
    }

    public static List<string> Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    /// <summary>Every published product, read page by page and then product by product.</summary>
    public static async Task<List<SeenProduct>> AllProducts(this HttpClient client)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.Search("limit=100&sort=newest" + (cursor is null ? "" : "&cursor=" + cursor));
            ids.AddRange(page.Ids());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        var products = new List<SeenProduct>();
        foreach (var id in ids)
        {
            var detail = await (await client.GetAsync($"/v1/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK);
            products.Add(ToSeen(detail));
        }
        return products;
    }

    public static SeenProduct ToSeen(JsonElement detail)
    {
        var values = new Dictionary<string, HashSet<string>>();
        void Add(string code, string value)
        {
            if (!values.TryGetValue(code, out var set))
            {
                values[code] = set = [];
            }
            set.Add(value);
        }
        foreach (var attribute in detail.GetProperty("attributes").EnumerateObject())
        {
            Add(attribute.Name, attribute.Value.GetString()!);
        }
        var prices = new Dictionary<string, long>();
        var skus = new List<string>();
        foreach (var variant in detail.GetProperty("variants").EnumerateArray())
        {
            skus.Add(variant.GetProperty("sku").GetString()!);
            foreach (var option in variant.GetProperty("options").EnumerateObject())
            {
                Add(option.Name, option.Value.GetString()!);
            }
            foreach (var price in variant.GetProperty("prices").EnumerateArray())
            {
                var currency = price.GetProperty("currency").GetString()!;
                var amount = price.GetProperty("amount").GetInt64();
                prices[currency] = prices.TryGetValue(currency, out var min) ? Math.Min(min, amount) : amount;
            }
        }
        var brand = detail.GetProperty("brand");
        return new SeenProduct(
            detail.GetProperty("id").GetString()!,
            detail.GetProperty("handle").GetString()!,
            detail.GetProperty("title").GetString()!,
            brand.ValueKind == JsonValueKind.Null ? null : brand.GetProperty("handle").GetString(),
            detail.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("handle").GetString()!).ToList(),
            values,
            prices,
            skus);
    }
}
