using System.Net;
using System.Net.Http.Json;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Catalog;

[Collection(ServerCollection.Name)]
public sealed class CatalogAdminTests(MeridianApp app)
{
    private static object NewProduct(string handle, string sku, string status = "published", long amount = 4599, string title = "Windproof Alpaca Gilet") => new
    {
        handle,
        title,
        description = "Warm and light.",
        status,
        brand = "nordwind",
        category = "jackets",
        media = new[] { "https://cdn.example.com/gilet.jpg" },
        attributes = new Dictionary<string, string> { ["material"] = "alpaca" },
        variants = new[]
        {
            new
            {
                sku,
                options = new Dictionary<string, string> { ["color"] = "red", ["size"] = "m" },
                prices = new[] { new { amount, currency = "EUR" }, new { amount = amount + 500, currency = "USD" } },
                weightGrams = 400,
            },
        },
    };

    [Fact]
    public async Task a_created_product_is_searchable_on_the_next_request()
    {
        var handle = HttpAssertions.Unique("gilet");
        var sku = HttpAssertions.Unique("GIL").ToUpperInvariant();

        var created = await (await app.Admin().PostJson("/v1/admin/catalog/products", NewProduct(handle, sku))).ShouldBe(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        Assert.StartsWith("prod_", id, StringComparison.Ordinal);
        Assert.Equal(id, (await app.Client().Search($"q={sku}")).Ids()[0]);
        var detail = await (await app.Client().GetAsync($"/v1/catalog/products/{handle}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("alpaca", detail.GetProperty("attributes").GetProperty("material").GetString());
    }

    [Fact]
    public async Task a_draft_is_invisible_to_shoppers_but_visible_to_admins()
    {
        var handle = HttpAssertions.Unique("draft");
        var created = await (await app.Admin().PostJson("/v1/admin/catalog/products", NewProduct(handle, HttpAssertions.Unique("DRF"), status: "draft")))
            .ShouldBe(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        await (await app.Client().GetAsync($"/v1/catalog/products/{handle}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.Admin().GetAsync($"/v1/admin/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_replaced_price_shows_at_once_and_a_stale_if_match_is_412()
    {
        var handle = HttpAssertions.Unique("reprice");
        var sku = HttpAssertions.Unique("RPR");
        var admin = app.Admin();
        var created = await admin.PostJson("/v1/admin/catalog/products", NewProduct(handle, sku));
        var id = (await created.ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString();
        var etag = created.Headers.ETag!;

        using var replace = new HttpRequestMessage(HttpMethod.Put, $"/v1/admin/catalog/products/{id}") { Content = JsonContent.Create(NewProduct(handle, sku, amount: 1999)) };
        replace.Headers.IfMatch.Add(etag);
        var variantBefore = (await (await app.Client().GetAsync($"/v1/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK)).GetProperty("variants")[0].GetProperty("id").GetString();
        await (await admin.SendAsync(replace)).ShouldBe(HttpStatusCode.OK);

        var detail = await (await app.Client().GetAsync($"/v1/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1999, detail.GetProperty("variants")[0].GetProperty("prices").EnumerateArray().Single(p => p.GetProperty("currency").GetString() == "EUR").GetProperty("amount").GetInt64());
        Assert.Equal(variantBefore, detail.GetProperty("variants")[0].GetProperty("id").GetString());

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/v1/admin/catalog/products/{id}") { Content = JsonContent.Create(NewProduct(handle, sku, amount: 1)) };
        stale.Headers.IfMatch.Add(etag);
        await (await admin.SendAsync(stale)).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        var after = await (await app.Client().GetAsync($"/v1/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(detail.ToString(), after.ToString());
    }

    [Fact]
    public async Task a_deleted_product_leaves_search_at_once()
    {
        var sku = HttpAssertions.Unique("DEL");
        var created = await (await app.Admin().PostJson("/v1/admin/catalog/products", NewProduct(HttpAssertions.Unique("del"), sku))).ShouldBe(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        await (await app.Admin().DeleteAsync($"/v1/admin/catalog/products/{id}")).ShouldBe(HttpStatusCode.NoContent);

        Assert.DoesNotContain(id, (await app.Client().Search($"q={sku}")).Ids());
        await (await app.Client().GetAsync($"/v1/catalog/products/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_sku_or_handle_cannot_be_taken_twice()
    {
        var handle = HttpAssertions.Unique("dup");
        var sku = HttpAssertions.Unique("DUP");
        await (await app.Admin().PostJson("/v1/admin/catalog/products", NewProduct(handle, sku))).ShouldBe(HttpStatusCode.Created);

        await (await app.Admin().PostJson("/v1/admin/catalog/products", NewProduct(handle, HttpAssertions.Unique("OTHER")))).ShouldBeInvalid("handle");
        await (await app.Admin().PostJson("/v1/admin/catalog/products", NewProduct(HttpAssertions.Unique("other"), sku))).ShouldBeInvalid("variants");
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"handle":"Not A Handle","title":"x","variants":[{"sku":"A1","prices":[{"amount":100,"currency":"EUR"}]}]}""", "handle" },
        { """{"handle":"ok-1","title":"","variants":[{"sku":"A1","prices":[{"amount":100,"currency":"EUR"}]}]}""", "title" },
        { """{"handle":"ok-2","title":"x","variants":[]}""", "variants" },
        { """{"handle":"ok-3","title":"x","variants":[{"sku":"A1","prices":[{"amount":-1,"currency":"EUR"}]}]}""", "variants[0].prices[0].amount" },
        { """{"handle":"ok-4","title":"x","variants":[{"sku":"A1","prices":[{"amount":100,"currency":"XXX"}]}]}""", "variants[0].prices[0].currency" },
        { """{"handle":"ok-5","title":"x","variants":[{"sku":"A1","prices":[{"amount":19.99,"currency":"EUR"}]}]}""", "variants[0].prices[0].amount" },
        { """{"handle":"ok-6","title":"x","variants":[{"sku":"A1","options":{"flavour":"mint"},"prices":[{"amount":1,"currency":"EUR"}]}]}""", "variants[0].options.flavour" },
        { """{"handle":"ok-7","title":"x","brand":"no-such-brand","variants":[{"sku":"A1","prices":[{"amount":1,"currency":"EUR"}]}]}""", "brand" },
        { """{"handle":"ok-8","title":"x","status":"live","variants":[{"sku":"A1","prices":[{"amount":1,"currency":"EUR"}]}]}""", "status" },
        { """{"handle":"ok-9","title":"x","media":["javascript:alert(1)"],"variants":[{"sku":"A1","prices":[{"amount":1,"currency":"EUR"}]}]}""", "media[0]" },
        { """{"handle":"ok-10","title":"x","price":100,"variants":[{"sku":"A1","prices":[{"amount":1,"currency":"EUR"}]}]}""", "price" },
        { """{"handle":"ok-11","title":"x","variants":[{"sku":"has space","prices":[{"amount":1,"currency":"EUR"}]}]}""", "variants[0].sku" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task an_invalid_product_is_400_naming_the_field_and_nothing_is_created(string body, string field)
    {
        await (await app.Admin().PostRaw("/v1/admin/catalog/products", body)).ShouldBeInvalid(field);
        await (await app.Client().GetAsync("/v1/catalog/products/ok-" + body[16..18].Trim('"', ','))).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_publishable_key_cannot_write_the_catalog()
    {
        var response = await app.Client(MeridianApp.WebKey).PostJson("/v1/admin/catalog/products", NewProduct(HttpAssertions.Unique("pk"), HttpAssertions.Unique("PK")));
        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_read_scoped_secret_key_cannot_write_the_catalog()
    {
        var issued = await (await app.Admin().PostJson("/v1/admin/api-keys", new { name = "catalog reader", kind = "secret", scopes = new[] { "catalog:read" } }))
            .ShouldBe(HttpStatusCode.Created);
        var reader = app.Client(issued.GetProperty("key").GetString());

        await (await reader.PostJson("/v1/admin/catalog/products", NewProduct(HttpAssertions.Unique("ro"), HttpAssertions.Unique("RO")))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await reader.GetAsync("/v1/admin/catalog/brands")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_new_category_brand_and_attribute_can_be_used_by_products_and_filters()
    {
        var admin = app.Admin();
        var category = HttpAssertions.Unique("gilets");
        var brand = HttpAssertions.Unique("brand");
        var code = "finish_" + Guid.NewGuid().ToString("N")[..6];
        await (await admin.PostJson("/v1/admin/catalog/categories", new { handle = category, name = "Gilets", parent = "outerwear" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.PostJson("/v1/admin/catalog/brands", new { handle = brand, name = "Brand" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.PostJson("/v1/admin/catalog/attributes", new { code, name = "Finish", kind = "attribute", filterable = true })).ShouldBe(HttpStatusCode.Created);
        var sku = HttpAssertions.Unique("NEW");
        var body = new
        {
            handle = HttpAssertions.Unique("new"),
            title = "Matte gilet",
            status = "published",
            brand,
            category,
            attributes = new Dictionary<string, string> { [code] = "matte" },
            variants = new[] { new { sku, prices = new[] { new { amount = 1000L, currency = "EUR" } } } },
        };
        var id = (await (await admin.PostJson("/v1/admin/catalog/products", body)).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString();

        var result = await app.Client().Search($"category=outerwear&brand={brand}&attr.{code}=matte&facets=attr.{code}");

        Assert.Equal([id!], result.Ids());
        Assert.Equal(1, result.GetProperty("facets").GetProperty($"attr.{code}")[0].GetProperty("count").GetInt32());
    }
}
