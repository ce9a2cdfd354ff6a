using System.Net;
using Meridian.Server.Tests.Catalog;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Hosting;

[Collection(ServerCollection.Name)]
public sealed class InventoryTests(MeridianApp app)
{
    [Fact]
    public async Task every_seeded_sku_has_stock_records_and_availability_adds_up_per_location()
    {
        var client = app.Client();
        // Only seeded products have stock; other tests add products in other categories.
        var id = (await client.Search("category=kitchen&sort=price&limit=1")).Ids()[0];
        var product = CatalogClient.ToSeen(await (await client.GetAsync($"/v1/catalog/products/{id}")).ShouldBe(HttpStatusCode.OK));

        var availability = await (await client.GetAsync("/v1/inventory/availability?sku=" + string.Join(',', product.Skus))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(product.Skus, availability.EnumerateArray().Select(a => a.GetProperty("sku").GetString()));
        Assert.All(availability.EnumerateArray(), sku =>
        {
            var locations = sku.GetProperty("locations").EnumerateArray().ToList();
            Assert.Equal(["store-berlin", "warehouse-eu"], locations.Select(l => l.GetProperty("location").GetString()));
            Assert.Equal(locations.Sum(l => l.GetProperty("available").GetInt32()), sku.GetProperty("available").GetInt32());
        });
    }

    [Fact]
    public async Task an_unknown_sku_has_nothing_available()
    {
        var availability = await (await app.Client().GetAsync("/v1/inventory/availability?sku=NO-SUCH-SKU")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, availability[0].GetProperty("available").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?sku=")]
    [InlineData("?skus=A")]
    public async Task availability_without_skus_or_with_unknown_parameters_is_400(string query)
    {
        await (await app.Client().GetAsync("/v1/inventory/availability" + query)).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task more_than_fifty_skus_is_400()
    {
        var skus = string.Join(',', Enumerable.Range(0, 51).Select(i => $"S{i}"));
        await (await app.Client().GetAsync("/v1/inventory/availability?sku=" + skus)).ShouldBeInvalid("sku");
    }
}
