using System.Net;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Carts;

/// <summary>Carts over HTTP: lines, limits, server-side money, ETags and visibility.</summary>
[Collection(ServerCollection.Name)]
public sealed class CartTests(MeridianApp app)
{
    [Fact]
    public async Task a_new_cart_is_empty_in_euros_with_an_etag_a_location_and_an_expiry()
    {
        var response = await app.Client().PostJson("/v1/carts", new { });

        var cart = await response.ShouldBe(HttpStatusCode.Created);
        Assert.StartsWith("cart_", cart.Id(), StringComparison.Ordinal);
        Assert.Equal("EUR", cart.GetProperty("currency").GetString());
        Assert.Equal("active", cart.GetProperty("status").GetString());
        Assert.Empty(cart.Lines());
        Assert.Equal(0, cart.Amount("grandTotal"));
        Assert.Equal($"\"{cart.Version()}\"", response.Headers.ETag?.ToString());
        Assert.Equal($"/v1/carts/{cart.Id()}", response.Headers.Location?.ToString());
        Assert.True(cart.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(6));
    }

    [Fact]
    public async Task a_cart_without_a_body_is_created_and_a_bad_currency_or_email_is_400()
    {
        await (await app.Client().PostAsync("/v1/carts", null)).ShouldBe(HttpStatusCode.Created);
        await (await app.Client().PostJson("/v1/carts", new { currency = "XYZ" })).ShouldBeInvalid("currency");
        await (await app.Client().PostJson("/v1/carts", new { email = "not an email" })).ShouldBeInvalid("email");
    }

    [Fact]
    public async Task an_added_variant_is_priced_by_the_server_and_adding_it_again_adds_to_its_line()
    {
        var variant = await app.Admin().NewVariant(price: 2000);
        var client = app.Client();
        var cart = await client.NewCart();

        var first = await (await client.AddItem(cart.Id(), variant.Sku, 2)).ShouldBe(HttpStatusCode.OK);
        var variantId = first.Lines()[0].GetProperty("variantId").GetString()!;
        var second = await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/items", new { variantId, quantity = 3 })).ShouldBe(HttpStatusCode.OK);

        var line = Assert.Single(second.Lines());
        Assert.Equal(5, line.GetProperty("quantity").GetInt32());
        Assert.Equal(variant.Sku, line.GetProperty("sku").GetString());
        Assert.Equal(2000, line.GetProperty("unitPrice").GetProperty("amount").GetInt64());
        Assert.Equal(10_000, line.GetProperty("subtotal").GetProperty("amount").GetInt64());
        Assert.StartsWith("Cart Shirt Wovenline", line.GetProperty("productTitle").GetString(), StringComparison.Ordinal);
        Assert.True(line.GetProperty("available").GetBoolean());
        Assert.StartsWith("line_", line.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(cart.Version() + 2, second.Version());
        second.ShouldAddUp();
    }

    [Fact]
    public async Task quantities_outside_one_to_ninety_nine_per_line_are_400_naming_quantity()
    {
        var variant = await app.Admin().NewVariant();
        var client = app.Client();
        var cart = await client.NewCart();

        await (await client.AddItem(cart.Id(), variant.Sku, 0)).ShouldBeInvalid("quantity");
        await (await client.AddItem(cart.Id(), variant.Sku, 100)).ShouldBeInvalid("quantity");
        await (await client.AddItem(cart.Id(), variant.Sku, 60)).ShouldBe(HttpStatusCode.OK);
        await (await client.AddItem(cart.Id(), variant.Sku, 40)).ShouldBeInvalid("quantity");

        Assert.Equal(60, (await client.Get(cart.Id())).Lines()[0].GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task an_unknown_unpublished_or_unpriced_variant_is_400_naming_the_field()
    {
        var client = app.Client();
        var cart = await client.NewCart();
        var usdCart = await client.NewCart(new { currency = "USD" });
        var variant = await app.Admin().NewVariant();

        await (await client.AddItem(cart.Id(), "NO-SUCH-SKU")).ShouldBeInvalid("sku");
        await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/items", new { variantId = "var_nope" })).ShouldBeInvalid("variantId");
        await (await client.AddItem(usdCart.Id(), variant.Sku)).ShouldBeInvalid("sku");
        await (await client.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/items", new { quantity = 1 })).ShouldBeInvalid("variantId");
    }

    [Theory]
    [InlineData("price")]
    [InlineData("total")]
    [InlineData("discount")]
    [InlineData("unitPrice")]
    public async Task a_body_that_sends_money_is_400_and_nothing_changes(string field)
    {
        var variant = await app.Admin().NewVariant();
        var client = app.Client();
        var cart = await client.NewCart();
        await (await client.AddItem(cart.Id(), variant.Sku)).ShouldBe(HttpStatusCode.OK);
        var before = await client.Get(cart.Id());
        var lineId = before.Lines()[0].GetProperty("id").GetString();

        await (await client.SendRaw(HttpMethod.Post, $"/v1/carts/{cart.Id()}/items", $$"""{"sku":"{{variant.Sku}}","quantity":1,"{{field}}":1}""")).ShouldBeInvalid(field);
        await (await client.SendRaw(HttpMethod.Patch, $"/v1/carts/{cart.Id()}/items/{lineId}", $$$"""{"quantity":5,"{{{field}}}":{"amount":1,"currency":"EUR"}}""")).ShouldBeInvalid(field);
        await (await client.SendRaw(HttpMethod.Post, "/v1/carts", $$"""{"currency":"EUR","{{field}}":0}""")).ShouldBeInvalid(field);

        var after = await client.Get(cart.Id());
        Assert.Equal(before.Version(), after.Version());
        Assert.Equal(1, after.Lines()[0].GetProperty("quantity").GetInt32());
        Assert.Equal(before.Amount("grandTotal"), after.Amount("grandTotal"));
    }

    [Fact]
    public async Task patch_sets_a_quantity_zero_removes_the_line_and_delete_removes_a_line()
    {
        var (a, b) = (await app.Admin().NewVariant(), await app.Admin().NewVariant());
        var client = app.Client();
        var cart = await client.NewCart();
        await client.AddItem(cart.Id(), a.Sku);
        var withBoth = await (await client.AddItem(cart.Id(), b.Sku)).ShouldBe(HttpStatusCode.OK);
        var (lineA, lineB) = (withBoth.Lines()[0].GetProperty("id").GetString(), withBoth.Lines()[1].GetProperty("id").GetString());

        var patched = await (await client.Send(HttpMethod.Patch, $"/v1/carts/{cart.Id()}/items/{lineA}", new { quantity = 7 })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(7, patched.Lines()[0].GetProperty("quantity").GetInt32());
        await (await client.Send(HttpMethod.Patch, $"/v1/carts/{cart.Id()}/items/{lineA}", new { quantity = 100 })).ShouldBeInvalid("quantity");
        var zeroed = await (await client.Send(HttpMethod.Patch, $"/v1/carts/{cart.Id()}/items/{lineA}", new { quantity = 0 })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(lineB, Assert.Single(zeroed.Lines()).GetProperty("id").GetString());
        var emptied = await (await client.DeleteAsync($"/v1/carts/{cart.Id()}/items/{lineB}")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(emptied.Lines());

        await (await client.DeleteAsync($"/v1/carts/{cart.Id()}/items/{lineB}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.Send(HttpMethod.Patch, $"/v1/carts/{cart.Id()}/items/line_nope", new { quantity = 1 })).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_nothing_changes_while_the_current_etag_applies()
    {
        var variant = await app.Admin().NewVariant();
        var client = app.Client();
        var created = await client.PostJson("/v1/carts", new { });
        var etag = created.Headers.ETag!.ToString();
        var cart = await created.ShouldBe(HttpStatusCode.Created);

        var applied = await client.AddItem(cart.Id(), variant.Sku, 1, ifMatch: etag);
        await applied.ShouldBe(HttpStatusCode.OK);
        var stale = await client.AddItem(cart.Id(), variant.Sku, 1, ifMatch: etag);

        var problem = await stale.ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        Assert.EndsWith("/precondition-failed", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        var now = await client.Get(cart.Id());
        Assert.Equal(1, now.Lines()[0].GetProperty("quantity").GetInt32());
        Assert.Equal(applied.Headers.ETag!.ToString(), $"\"{now.Version()}\"");
        await (await client.AddItem(cart.Id(), variant.Sku, 1, ifMatch: applied.Headers.ETag!.ToString())).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task another_channels_key_gets_404_for_every_cart_route()
    {
        var variant = await app.Admin().NewVariant();
        var cart = await app.Client().NewCart();
        var kiosk = app.Client(MeridianApp.KioskKey);

        await (await kiosk.GetAsync($"/v1/carts/{cart.Id()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await kiosk.AddItem(cart.Id(), variant.Sku)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await kiosk.Send(HttpMethod.Post, $"/v1/carts/{cart.Id()}/promotions", new { code = "FREESHIP" })).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Empty((await app.Client().Get(cart.Id())).Lines());
    }

    [Fact]
    public async Task an_unknown_or_malformed_cart_id_is_404()
    {
        await (await app.Client().GetAsync("/v1/carts/cart_01JD000000000000000000000Z")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.Client().GetAsync("/v1/carts/whatever")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_same_idempotency_key_twice_creates_one_cart_and_replays_the_first_response()
    {
        var key = HttpAssertions.Unique("kiosk");
        var client = app.Client(MeridianApp.KioskKey);
        client.DefaultRequestHeaders.Add("Idempotency-Key", key);

        var first = await client.PostJson("/v1/carts", new { currency = "EUR" });
        var second = await client.PostJson("/v1/carts", new { currency = "EUR" });

        var (a, b) = (await first.ShouldBe(HttpStatusCode.Created), await second.ShouldBe(HttpStatusCode.Created));
        Assert.Equal(a.Id(), b.Id());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task a_product_unpublished_after_it_was_added_stays_in_the_cart_flagged_unavailable_and_out_of_the_totals()
    {
        var (kept, gone) = (await app.Admin().NewVariant(price: 1500), await app.Admin().NewVariant(price: 2500));
        var client = app.Client();
        var cart = await client.NewCart();
        await client.AddItem(cart.Id(), kept.Sku);
        await client.AddItem(cart.Id(), gone.Sku);

        await (await app.Admin().DeleteAsync($"/v1/admin/catalog/products/{gone.ProductId}")).ShouldBe(HttpStatusCode.NoContent);

        var after = await client.Get(cart.Id());
        var line = after.Lines().Single(l => l.GetProperty("sku").GetString() == gone.Sku);
        Assert.False(line.GetProperty("available").GetBoolean());
        Assert.Equal(0, line.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.StartsWith("Cart Shirt Wovenline", line.GetProperty("productTitle").GetString(), StringComparison.Ordinal);
        Assert.Equal(1500, after.Amount("subtotal"));
        after.ShouldAddUp();
    }
}
