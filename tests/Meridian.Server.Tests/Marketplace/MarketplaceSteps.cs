using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Meridian.Catalog.Contracts;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Server.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Marketplace;

/// <summary>
/// The marketplace tests' own server, so reconciliation runs see only the simulated orders these tests made.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MarketplaceCollection : ICollectionFixture<MeridianApp>
{
    public const string Name = "marketplace";
}

/// <summary>
/// A marketplace's side of the wire, written from the Standard Webhooks specification and independent of the
/// Server's code: a signed POST of an order to <c>/v1/channels/marketplace/orders</c>.
/// </summary>
public static class MarketplaceSteps
{
    /// <summary>The demo channel's secret from appsettings.Development.json, as the README gives it.</summary>
    public const string DemoSecret = "whsec_bWVyaWRpYW4tZGVtby1tYXJrZXRwbGFjZS1zZWNyZXQ=";

    public const string Channel = "marketplace";

    public const string OrdersUrl = "/v1/channels/marketplace/orders";

    public static string OrderJson(string marketplaceOrderId, string sku, int quantity = 1, long unitPrice = 2500, long shipping = 495) =>
        JsonSerializer.Serialize(new
        {
            id = marketplaceOrderId,
            currency = "EUR",
            buyer = new { email = "relay-123@simmarket.example", name = "Grace Hopper" },
            shippingAddress = new { name = "Grace Hopper", line1 = "Hauptstr. 5", city = "Hamburg", postalCode = "20095", country = "DE" },
            lines = new[] { new { sku, quantity, unitPrice } },
            shippingTotal = shipping,
            total = unitPrice * quantity + shipping,
            paymentReference = "pay-" + marketplaceOrderId,
        });

    /// <summary>A request signed per Standard Webhooks: base64 HMAC-SHA256 over "{id}.{timestamp}.{body}" with the secret's decoded bytes.</summary>
    public static HttpRequestMessage Signed(string body, string secret = DemoSecret, DateTimeOffset? at = null, string? messageId = null)
    {
        var id = messageId ?? "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        var request = Unsigned(body);
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + signature);
        return request;
    }

    public static HttpRequestMessage Unsigned(string body) =>
        new(HttpMethod.Post, OrdersUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A copy of <paramref name="request"/> (an HttpRequestMessage is sent once).</summary>
    public static async Task<HttpRequestMessage> Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = new StringContent(await request.Content!.ReadAsStringAsync(), Encoding.UTF8, "application/json"),
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return copy;
    }

    /// <summary>A published SKU with a EUR price and at least <paramref name="units"/> in stock: one the marketplace can sell.</summary>
    public static async Task<(string Sku, int Available)> SellableSku(this MeridianApp app, int units = 1)
    {
        var catalog = app.Services.GetRequiredService<ICatalogVariants>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (sku, available) = await app.SkuInStock(units);
            if (catalog.Find([sku], "EUR").TryGetValue(sku, out var variant) && variant.UnitPrice is not null)
            {
                return (sku, available);
            }
        }
        throw new InvalidOperationException("No published, priced demo SKU has enough stock.");
    }

    public static async Task<string> ChannelId(this MeridianApp app)
    {
        var channels = await app.Admin().GetFromJsonAsync<JsonElement>("/v1/admin/channels", HttpAssertions.Json);
        return channels.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("handle").GetString() == Channel).GetProperty("id").GetString()!;
    }
}
