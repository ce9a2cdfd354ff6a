using System.Net;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Carts;

/// <summary>Idle expiry, checked by moving the Server's clock rather than by waiting.</summary>
[Collection(ClockedServerCollection.Name)]
public sealed class CartExpiryTests(ClockedMeridianApp app)
{
    [Fact]
    public async Task a_cart_left_idle_for_seven_days_answers_404_and_every_change_pushes_its_expiry_out()
    {
        var client = app.Client();
        var cart = await (await client.PostJson("/v1/carts", new { })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(7), cart.GetProperty("expiresAt").GetDateTimeOffset());

        app.Clock.Advance(TimeSpan.FromDays(6));
        var changed = await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-address", new { country = "DE" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(7), changed.GetProperty("expiresAt").GetDateTimeOffset());

        app.Clock.Advance(TimeSpan.FromDays(6));
        await client.Get(cart.Id());

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await (await client.GetAsync($"/v1/carts/{cart.Id()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/promotions", new { code = "FREESHIP" })).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
