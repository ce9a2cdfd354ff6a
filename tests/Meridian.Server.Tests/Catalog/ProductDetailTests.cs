using System.Net;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Catalog;

[Collection(ServerCollection.Name)]
public sealed class ProductDetailTests(MeridianApp app)
{
    [Fact]
    public async Task a_product_is_found_by_id_and_by_handle()
    {
        var client = app.Client();
        var id = (await client.Search("limit=1")).Ids()[0];
        var byId = await (await client.GetAsync($"/v1/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK);
        var handle = byId.GetProperty("handle").GetString();

        var byHandle = await (await client.GetAsync($"/v1/catalog/products/{handle}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(id, byHandle.GetProperty("id").GetString());
        Assert.NotEmpty(byHandle.GetProperty("variants").EnumerateArray());
        Assert.Equal("published", byHandle.GetProperty("status").GetString());
    }

    [Fact]
    public async Task an_unknown_product_is_a_404_problem()
    {
        await (await app.Client().GetAsync("/v1/catalog/products/prod_nothing")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_unchanged_product_revalidates_with_304()
    {
        var client = app.Client();
        var id = (await client.Search("limit=1")).Ids()[0];
        var first = await client.GetAsync($"/v1/catalog/products/{id}");
        var etag = first.Headers.ETag!;

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/v1/catalog/products/{id}");
        revalidate.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(revalidate);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }
}
