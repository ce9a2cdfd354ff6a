using System.Net;
using Meridian.Server.Tests.Customers;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Carts;

[Collection(ServerCollection.Name)]
public sealed class IdempotencyScopeTests(MeridianApp app)
{
    [Fact]
    public async Task two_customers_with_the_same_key_and_body_get_their_own_carts()
    {
        var ada = await app.Client().NewShopper();
        var grace = await app.Client().NewShopper();
        var key = Guid.NewGuid().ToString("N");

        async Task<string> CreateCart(Shopper shopper)
        {
            var client = app.Client(bearer: shopper.AccessToken);
            client.DefaultRequestHeaders.Add("Idempotency-Key", key);
            var response = await client.PostJson("/v1/carts", new { currency = "EUR" });
            Assert.False(response.Headers.Contains("Idempotent-Replayed"));
            return (await response.ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        }

        Assert.NotEqual(await CreateCart(ada), await CreateCart(grace));
    }

    [Fact]
    public async Task an_invalid_bearer_token_on_an_idempotent_route_is_401_and_claims_nothing()
    {
        var key = Guid.NewGuid().ToString("N");
        var invalid = app.Client(bearer: "not-a-token");
        invalid.DefaultRequestHeaders.Add("Idempotency-Key", key);
        await (await invalid.PostJson("/v1/carts", new { currency = "EUR" })).ShouldBeProblem(HttpStatusCode.Unauthorized);

        var guest = app.Client();
        guest.DefaultRequestHeaders.Add("Idempotency-Key", key);
        await (await guest.PostJson("/v1/carts", new { currency = "EUR" })).ShouldBe(HttpStatusCode.Created);
    }
}
