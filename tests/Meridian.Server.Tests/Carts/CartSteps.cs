using System.Net;
using System.Text;
using System.Text.Json;
using Meridian.Payments.Contracts;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Server.Tests.Orders;

namespace Meridian.Server.Tests.Carts;

/// <summary>A product a test made for itself, with one variant at a known price.</summary>
public sealed record TestVariant(string ProductId, string Handle, string Sku, long Price);

/// <summary>The steps cart tests share, so a test reads as the behaviour it checks.</summary>
public static class CartSteps
{
    /// <summary>Creates a published product in <paramref name="category"/> with one variant priced in EUR only.</summary>
    public static async Task<TestVariant> NewVariant(this HttpClient admin, long price = 3000, string category = "shirts", int weightGrams = 300)
    {
        var handle = HttpAssertions.Unique("cart-item");
        var sku = HttpAssertions.Unique("CRT").ToUpperInvariant();
        var created = await (await admin.PostJson("/v1/admin/catalog/products", new
        {
            handle,
            title = TitleOf(handle),
            status = "published",
            category,
            media = new[] { "https://cdn.example.com/" + handle + ".jpg" },
            variants = new[] { new { sku, title = "M", prices = new[] { new { amount = price, currency = "EUR" } }, weightGrams } },
        })).ShouldBe(HttpStatusCode.Created);
        return new TestVariant(created.GetProperty("id").GetString()!, handle, sku, price);
    }

    /// <summary>
    /// A title that reads like the demo catalog's (the catalog's search tests pick the newest product and
    /// search by its words), ending in a unique letters-only word.
    /// </summary>
    public static string TitleOf(string handle) =>
        "Cart Shirt Wovenline" + new string(handle[^10..].Select(c => (char)('a' + (c % 26))).ToArray());

    public static async Task<JsonElement> NewCart(this HttpClient client, object? body = null)
    {
        var response = await client.PostJson("/v1/carts", body ?? new { });
        return await response.ShouldBe(HttpStatusCode.Created);
    }

    public static string Id(this JsonElement cart) => cart.GetProperty("id").GetString()!;

    public static int Version(this JsonElement cart) => cart.GetProperty("version").GetInt32();

    public static long Amount(this JsonElement cart, string property) => cart.GetProperty(property).GetProperty("amount").GetInt64();

    public static JsonElement[] Lines(this JsonElement cart) => [.. cart.GetProperty("lines").EnumerateArray()];

    public static Task<HttpResponseMessage> AddItem(this HttpClient client, string cartId, string sku, int quantity = 1, string? ifMatch = null) =>
        client.Send(HttpMethod.Post, $"/v1/carts/{cartId}/items", new { sku, quantity }, ifMatch);

    public static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null) =>
        client.SendRaw(method, url, body is null ? null : JsonSerializer.Serialize(body, HttpAssertions.Json), ifMatch);

    public static Task<HttpResponseMessage> SendRaw(this HttpClient client, HttpMethod method, string url, string? json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    /// <summary>A new cart with <paramref name="quantity"/> of <paramref name="sku"/>, a Berlin address and standard shipping: ready to check out.</summary>
    public static async Task<string> ReadyCart(this HttpClient client, string sku, int quantity = 1)
    {
        var cart = await client.NewCart();
        await (await client.AddItem(cart.Id(), sku, quantity)).ShouldBe(HttpStatusCode.OK);
        await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-address",
            new { country = "DE", postalCode = "10115", city = "Berlin", lines = new[] { "Unter den Linden 1" }, name = "Ada Lovelace" })).ShouldBe(HttpStatusCode.OK);
        await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-method", new { code = "standard" })).ShouldBe(HttpStatusCode.OK);
        return cart.Id();
    }

    /// <summary><c>POST /v1/checkout</c> for <paramref name="cartId"/> with a fresh Idempotency-Key unless one is given.</summary>
    public static Task<HttpResponseMessage> CheckOut(this HttpClient client, string cartId, string token = TestTokens.Visa, string? key = null, string? email = "shopper@example.com") =>
        client.SendAsync(OrderSteps.Post("/v1/checkout", new { cartId, email, paymentToken = token }, idempotencyKey: key ?? Guid.NewGuid().ToString("N")));

    public static async Task<JsonElement> Get(this HttpClient client, string cartId) =>
        await (await client.GetAsync($"/v1/carts/{cartId}")).ShouldBe(HttpStatusCode.OK);

    public static string[] Codes(this JsonElement cart, string property) =>
        [.. cart.GetProperty(property).EnumerateArray().Select(p => p.GetProperty("code").GetString()!)];

    /// <summary>The contract's invariant: the grand total is the sum of line totals plus shipping.</summary>
    public static void ShouldAddUp(this JsonElement cart)
    {
        var lines = cart.Lines().Sum(l => l.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal(cart.Amount("grandTotal"), lines + cart.Amount("shippingTotal"));
        Assert.Equal(cart.Amount("subtotal"), cart.Lines().Sum(l => l.GetProperty("subtotal").GetProperty("amount").GetInt64()));
    }
}
