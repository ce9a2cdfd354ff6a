using System.Net;
using Meridian.Server.Tests.Customers;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Carts;

/// <summary>Promotions, shipping and totals: the demo seed's codes through the cart.</summary>
[Collection(ServerCollection.Name)]
public sealed class CartPricingTests(MeridianApp app)
{
    [Fact]
    public async Task shirts5_applies_to_a_shirt_and_a_bogus_code_is_listed_as_rejected_with_its_reason()
    {
        var shirt = await app.Admin().NewVariant(price: 3000, category: "shirts");
        var client = app.Client();
        var cart = await client.NewCart();
        await client.AddItem(cart.Id(), shirt.Sku, 2);

        await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/promotions", new { code = "shirts5" })).ShouldBe(HttpStatusCode.OK);
        var priced = await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/promotions", new { code = "NOPE-123" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["SHIRTS5"], priced.Codes("appliedPromotions"));
        Assert.True(priced.Amount("discountTotal") > 0);
        Assert.Equal(priced.Amount("discountTotal"), priced.Lines()[0].GetProperty("discount").GetProperty("amount").GetInt64());
        var rejected = Assert.Single(priced.GetProperty("rejectedCodes").EnumerateArray());
        Assert.Equal("NOPE-123", rejected.GetProperty("code").GetString());
        Assert.Equal("unknown", rejected.GetProperty("reason").GetString());
        priced.ShouldAddUp();

        var removed = await (await client.DeleteAsync($"/v1/carts/{cart.Id()}/promotions/shirts5")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(removed.Codes("appliedPromotions"));
        Assert.Equal(0, removed.Amount("discountTotal"));
        await (await client.DeleteAsync($"/v1/carts/{cart.Id()}/promotions/SHIRTS5")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/promotions", new { code = "" })).ShouldBeInvalid("code");
    }

    [Fact]
    public async Task freeship_takes_the_chosen_shipping_method_off_and_totals_add_up()
    {
        var item = await app.Admin().NewVariant(price: 2000, category: "t-shirts", weightGrams: 500);
        var client = app.Client();
        var cart = await client.NewCart();
        await client.AddItem(cart.Id(), item.Sku);

        await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-method", new { code = "standard" })).ShouldBeInvalid("code");
        var addressed = await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-address",
            new { country = "de", postalCode = "10115", city = "Berlin", lines = new[] { "Unter den Linden 1" }, name = "Ada Lovelace" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("DE", addressed.GetProperty("shippingAddress").GetProperty("country").GetString());
        var options = addressed.Codes("shippingOptions");
        Assert.Contains("standard", options);
        await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-method", new { code = "teleport" })).ShouldBeInvalid("code");

        var shipped = await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-method", new { code = "standard" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("standard", shipped.GetProperty("shippingMethod").GetProperty("code").GetString());
        Assert.True(shipped.Amount("shippingTotal") > 0);
        shipped.ShouldAddUp();

        var free = await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/promotions", new { code = "FREESHIP" })).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("FREESHIP", free.Codes("appliedPromotions"));
        Assert.Equal(0, free.Amount("shippingTotal"));
        Assert.Equal(shipped.Amount("grandTotal") - shipped.Amount("shippingTotal"), free.Amount("grandTotal"));
        Assert.True(free.GetProperty("pricesIncludeTax").GetBoolean());
        Assert.True(free.Amount("taxTotal") > 0);
        free.ShouldAddUp();
    }

    [Fact]
    public async Task a_shipping_address_is_validated_field_by_field()
    {
        var client = app.Client();
        var cart = await client.NewCart();
        var url = $"/v1/carts/{cart.Id()}/shipping-address";

        await (await client.Send(HttpMethod.Put, url, new { country = "Germany" })).ShouldBeInvalid("country");
        await (await client.Send(HttpMethod.Put, url, new { country = "DE", postalCode = new string('1', 21) })).ShouldBeInvalid("postalCode");
        await (await client.Send(HttpMethod.Put, url, new { country = "DE", city = new string('b', 101) })).ShouldBeInvalid("city");
        await (await client.Send(HttpMethod.Put, url, new { country = "DE", lines = new[] { "a", "b", "c", "d" } })).ShouldBeInvalid("lines");
        await (await client.Send(HttpMethod.Put, url, new { country = "DE", name = new string('n', 201) })).ShouldBeInvalid("name");
        await (await client.Send(HttpMethod.Put, url, new { postalCode = "10115" })).ShouldBeInvalid("country");

        Assert.Equal(JsonValueKindNull, (await client.Get(cart.Id())).GetProperty("shippingAddress").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task welcome10_needs_a_signed_in_customer_and_stays_listed_with_its_reason_when_the_cart_drops_under_its_minimum()
    {
        var item = await app.Admin().NewVariant(price: 3000, category: "t-shirts");
        var guestCart = await app.Client().NewCart();
        await app.Client().AddItem(guestCart.Id(), item.Sku, 2);
        var guest = await (await app.Client().Send(HttpMethod.Post, $"/v1/carts/{guestCart.Id()}/promotions", new { code = "WELCOME10" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("sign_in_required", guest.GetProperty("rejectedCodes")[0].GetProperty("reason").GetString());

        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);
        var cart = await client.NewCart();
        var added = await (await client.AddItem(cart.Id(), item.Sku, 2)).ShouldBe(HttpStatusCode.OK);
        var applied = await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/promotions", new { code = "WELCOME10" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["WELCOME10"], applied.Codes("appliedPromotions"));
        Assert.Equal(600, applied.Amount("discountTotal"));

        var lineId = added.Lines()[0].GetProperty("id").GetString();
        var under = await (await client.Send(HttpMethod.Patch, $"/v1/carts/{cart.Id()}/items/{lineId}", new { quantity = 1 })).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(under.Codes("appliedPromotions"));
        var rejected = Assert.Single(under.GetProperty("rejectedCodes").EnumerateArray());
        Assert.Equal("WELCOME10", rejected.GetProperty("code").GetString());
        Assert.Equal("minimum_not_met", rejected.GetProperty("reason").GetString());
        Assert.Equal(0, under.Amount("discountTotal"));
        under.ShouldAddUp();
    }
}
