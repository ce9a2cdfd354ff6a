using System.Net;
using Meridian.Carts.Contracts;
using Meridian.Server.Tests.Customers;
using Meridian.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Carts;

/// <summary>Customer carts: who sees them, attaching and merging on sign-in, and conversion by checkout.</summary>
[Collection(ServerCollection.Name)]
public sealed class CustomerCartTests(MeridianApp app)
{
    [Fact]
    public async Task a_customers_cart_is_visible_only_with_their_token_and_anyone_else_gets_404()
    {
        var owner = await app.Client().NewShopper();
        var other = await app.Client().NewShopper();
        var cart = await app.Client(bearer: owner.AccessToken).NewCart();

        await app.Client(bearer: owner.AccessToken).Get(cart.Id());
        await (await app.Client().GetAsync($"/v1/carts/{cart.Id()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.Client(bearer: other.AccessToken).GetAsync($"/v1/carts/{cart.Id()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.Client(bearer: other.AccessToken).PostAsync($"/v1/carts/{cart.Id()}/customer", null)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.Client(bearer: "not-a-token").GetAsync($"/v1/carts/{cart.Id()}")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task attaching_needs_a_signed_in_customer_and_then_hides_the_cart_from_guests()
    {
        var shopper = await app.Client().NewShopper();
        var cart = await app.Client().NewCart();

        await (await app.Client().PostAsync($"/v1/carts/{cart.Id()}/customer", null)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        var attached = await (await app.Client(bearer: shopper.AccessToken).PostAsync($"/v1/carts/{cart.Id()}/customer", null)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(cart.Id(), attached.Id());
        await (await app.Client().GetAsync($"/v1/carts/{cart.Id()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await app.Client(bearer: shopper.AccessToken).Get(cart.Id());
    }

    [Fact]
    public async Task signing_in_merges_the_anonymous_cart_into_the_customers_cart_and_the_anonymous_id_then_answers_404()
    {
        var (both, onlyAnonymous, nearLimit) = (await app.Admin().NewVariant(), await app.Admin().NewVariant(), await app.Admin().NewVariant());
        var shopper = await app.Client().NewShopper();
        var signedIn = app.Client(bearer: shopper.AccessToken);
        var mine = await signedIn.NewCart();
        await signedIn.AddItem(mine.Id(), both.Sku, 2);
        await signedIn.AddItem(mine.Id(), nearLimit.Sku, 90);
        await signedIn.Send(HttpMethod.Post, $"/v1/carts/{mine.Id()}/promotions", new { code = "SHIRTS5" });
        var guest = app.Client();
        var anonymous = await guest.NewCart();
        await guest.AddItem(anonymous.Id(), both.Sku, 3);
        await guest.AddItem(anonymous.Id(), onlyAnonymous.Sku, 1);
        await guest.AddItem(anonymous.Id(), nearLimit.Sku, 20);
        await guest.Send(HttpMethod.Post, $"/v1/carts/{anonymous.Id()}/promotions", new { code = "FREESHIP" });

        var merged = await (await signedIn.PostAsync($"/v1/carts/{anonymous.Id()}/customer", null)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(mine.Id(), merged.Id());
        int QuantityOf(TestVariant v) => merged.Lines().Single(l => l.GetProperty("sku").GetString() == v.Sku).GetProperty("quantity").GetInt32();
        Assert.Equal(5, QuantityOf(both));
        Assert.Equal(1, QuantityOf(onlyAnonymous));
        Assert.Equal(99, QuantityOf(nearLimit));
        Assert.Equal(["FREESHIP", "SHIRTS5"], merged.Codes("appliedPromotions").Order(StringComparer.Ordinal));
        await (await guest.GetAsync($"/v1/carts/{anonymous.Id()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await signedIn.GetAsync($"/v1/carts/{anonymous.Id()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(merged.Version(), (await signedIn.Get(mine.Id())).Version());
    }

    [Fact]
    public async Task a_cart_checkout_converted_answers_409_to_changes_and_a_stale_version_does_not_convert()
    {
        var item = await app.Admin().NewVariant(price: 4200);
        var client = app.Client();
        var cart = await client.NewCart();
        await client.AddItem(cart.Id(), item.Sku, 2);
        await using var scope = app.Services.CreateAsyncScope();
        var carts = scope.ServiceProvider.GetRequiredService<ICarts>();
        Assert.Null(await carts.GetForCheckoutAsync(cart.Id(), channelId: "chan_someone_else", customerId: null, CancellationToken.None));
        var snapshot = (await carts.GetForCheckoutAsync(cart.Id(), await WebChannelId(), null, CancellationToken.None))!;

        Assert.Equal(8400, snapshot.Pricing.Subtotal);
        Assert.Equal(item.Sku, Assert.Single(snapshot.Lines).Sku);
        Assert.False(await carts.MarkConvertedAsync(cart.Id(), snapshot.Version - 1, "ord_test", null, CancellationToken.None));
        Assert.True(await carts.MarkConvertedAsync(cart.Id(), snapshot.Version, "ord_test", null, CancellationToken.None));

        await (await client.AddItem(cart.Id(), item.Sku)).ShouldBeProblem(HttpStatusCode.Conflict);
        var converted = await client.Get(cart.Id());
        Assert.Equal("converted", converted.GetProperty("status").GetString());
    }

    private async Task<string> WebChannelId()
    {
        var channels = await (await app.Admin().GetAsync("/v1/admin/channels")).ShouldBe(HttpStatusCode.OK);
        return channels.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("handle").GetString() == "web").GetProperty("id").GetString()!;
    }
}
