using System.Net;

using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Customers;

[Collection(ServerCollection.Name)]
public sealed class AddressTests(MeridianApp app)
{
    [Fact]
    public async Task a_customer_adds_lists_replaces_and_deletes_an_address()
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);

        var added = await (await client.PostJson("/v1/customers/me/addresses", CustomerSteps.HomeAddress("Unter den Linden 1"))).ShouldBe(HttpStatusCode.Created);
        var id = added.GetProperty("id").GetString()!;
        Assert.StartsWith("addr_", id, StringComparison.Ordinal);
        Assert.Equal("DE", added.GetProperty("country").GetString());

        var list = await (await client.GetAsync("/v1/customers/me/addresses")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(id, list.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString());

        var replaced = await (await client.PutJson($"/v1/customers/me/addresses/{id}", CustomerSteps.HomeAddress("Friedrichstraße 2"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Friedrichstraße 2", replaced.GetProperty("line1").GetString());
        Assert.Equal(id, replaced.GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/customers/me/addresses/{id}")).StatusCode);
        var empty = await (await client.GetAsync("/v1/customers/me/addresses")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(empty.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task another_customers_address_is_404_to_read_replace_and_delete_and_stays_unchanged()
    {
        var alice = await app.Client().NewShopper();
        var bob = await app.Client().NewShopper();
        var aliceClient = app.Client(bearer: alice.AccessToken);
        var bobClient = app.Client(bearer: bob.AccessToken);
        var added = await (await aliceClient.PostJson("/v1/customers/me/addresses", CustomerSteps.HomeAddress("Alice Street 1"))).ShouldBe(HttpStatusCode.Created);
        var id = added.GetProperty("id").GetString()!;

        await (await bobClient.PutJson($"/v1/customers/me/addresses/{id}", CustomerSteps.HomeAddress("Bob was here"))).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await bobClient.DeleteAsync($"/v1/customers/me/addresses/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        var bobsList = await (await bobClient.GetAsync("/v1/customers/me/addresses")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(bobsList.GetProperty("items").EnumerateArray());

        var alicesList = await (await aliceClient.GetAsync("/v1/customers/me/addresses")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Alice Street 1", alicesList.GetProperty("items").EnumerateArray().Single().GetProperty("line1").GetString());
    }

    [Fact]
    public async Task an_unknown_or_malformed_address_id_is_404()
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);
        await (await client.DeleteAsync("/v1/customers/me/addresses/addr_01JD0000000000000000000000")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync("/v1/customers/me/addresses/nonsense")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("country", "Germany")]
    [InlineData("line1", "  ")]
    [InlineData("postalCode", "")]
    [InlineData("phone", "not a phone")]
    public async Task a_bad_address_is_400_with_a_field_error_and_adds_nothing(string field, string value)
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);
        var body = new Dictionary<string, string>
        {
            ["firstName"] = "Ada",
            ["lastName"] = "Lovelace",
            ["line1"] = "Street 1",
            ["city"] = "Berlin",
            ["postalCode"] = "10115",
            ["country"] = "DE",
        };
        body[field] = value;

        await (await client.PostJson("/v1/customers/me/addresses", body)).ShouldBeInvalid(field);

        var list = await (await client.GetAsync("/v1/customers/me/addresses")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task addresses_need_a_customer_token()
    {
        await (await app.Client().GetAsync("/v1/customers/me/addresses")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await app.Client().PostJson("/v1/customers/me/addresses", CustomerSteps.HomeAddress())).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }
}
