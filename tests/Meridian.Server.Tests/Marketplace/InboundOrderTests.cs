using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meridian.Orders.Contracts;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Server.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Marketplace;

[Collection(MarketplaceCollection.Name)]
public sealed class InboundOrderTests(MeridianApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_signed_order_becomes_a_placed_order_with_its_payment_captured_by_the_marketplace()
    {
        var (sku, available) = await app.SellableSku(units: 3);
        var marketplaceId = HttpAssertions.Unique("MKT");

        var created = await (await app.Client(apiKey: null).SendAsync(MarketplaceSteps.Signed(MarketplaceSteps.OrderJson(marketplaceId, sku, quantity: 2)), Ct))
            .ShouldBe(HttpStatusCode.Created);

        var orderId = created.GetProperty("orderId").GetString()!;
        Assert.Equal(marketplaceId, created.GetProperty("marketplaceOrderId").GetString());
        Assert.Equal("placed", created.GetProperty("status").GetString());
        Assert.Equal(2 * 2500 + 495, created.GetProperty("grandTotal").GetProperty("amount").GetInt64());

        var order = await (await app.Admin().GetAsync($"/v1/admin/orders/{orderId}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(await app.ChannelId(), order.GetProperty("channelId").GetString());
        Assert.Equal("placed", order.GetProperty("status").GetString());
        Assert.Equal("captured", order.GetProperty("paymentStatus").GetString());
        Assert.Equal("pay-" + marketplaceId, order.GetProperty("paymentId").GetString());
        Assert.Equal(2500, order.GetProperty("lines")[0].GetProperty("unitPrice").GetProperty("amount").GetInt64());
        var listed = await app.Admin().GetFromJsonAsync<JsonElement>("/v1/admin/orders?limit=100", HttpAssertions.Json, Ct);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == orderId);
        Assert.Equal(available - 2, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task the_same_order_delivered_five_times_at_once_is_one_order_and_one_reservation()
    {
        var (sku, available) = await app.SellableSku(units: 3);
        var marketplaceId = HttpAssertions.Unique("MKT");
        var delivery = MarketplaceSteps.Signed(MarketplaceSteps.OrderJson(marketplaceId, sku, quantity: 3));
        var copies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => MarketplaceSteps.Copy(delivery)));

        var responses = await Task.WhenAll(copies.Select(c => app.Client(apiKey: null).SendAsync(c, Ct)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.OK));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>(Ct)));
        var orderIds = bodies.Select(b => b.GetProperty("orderId").GetString()).Distinct().ToList();
        Assert.Single(orderIds);
        Assert.Equal(available - 3, await app.AvailableOf(sku));
        Assert.Equal(orderIds[0], (await FindAsync(marketplaceId))!.Id);

        // A sixth delivery later, signed anew, is answered the same way.
        var again = await (await app.Client(apiKey: null).SendAsync(MarketplaceSteps.Signed(MarketplaceSteps.OrderJson(marketplaceId, sku, quantity: 3)), Ct))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(orderIds[0], again.GetProperty("orderId").GetString());
        Assert.Equal(available - 3, await app.AvailableOf(sku));
    }

    public static TheoryData<string> BadSignatures() => ["missing", "wrong-secret", "tampered-body", "expired"];

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task a_request_without_a_valid_signature_is_401_and_creates_nothing(string kind)
    {
        var (sku, available) = await app.SellableSku(units: 1);
        var marketplaceId = HttpAssertions.Unique("MKT");
        var body = MarketplaceSteps.OrderJson(marketplaceId, sku);
        var request = kind switch
        {
            "missing" => MarketplaceSteps.Unsigned(body),
            "wrong-secret" => MarketplaceSteps.Signed(body, secret: "whsec_" + Convert.ToBase64String(new byte[32])),
            "tampered-body" => await Tampered(MarketplaceSteps.Signed(body)),
            _ => MarketplaceSteps.Signed(body, at: DateTimeOffset.UtcNow.AddMinutes(-6)),
        };

        var problem = await (await app.Client(apiKey: null).SendAsync(request, Ct)).ShouldBeProblem(HttpStatusCode.Unauthorized);

        Assert.StartsWith("https://meridian.dev/problems/signature-", problem.GetProperty("type").GetString());
        Assert.Null(await FindAsync(marketplaceId));
        Assert.Equal(available, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task a_malformed_body_is_400_naming_the_field()
    {
        var problem = await (await app.Client(apiKey: null).SendAsync(MarketplaceSteps.Signed("""{"id": "MKT-1", "currency": "EUR", "lines": "nope"}"""), Ct))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("lines", out _), problem.ToString());

        await (await app.Client(apiKey: null).SendAsync(MarketplaceSteps.Signed("{not json"), Ct)).ShouldBeProblem(HttpStatusCode.BadRequest);

        var (sku, _) = await app.SellableSku(units: 1);
        var wrongTotal = MarketplaceSteps.OrderJson(HttpAssertions.Unique("MKT"), sku).Replace("\"total\":2995", "\"total\":1", StringComparison.Ordinal);
        await (await app.Client(apiKey: null).SendAsync(MarketplaceSteps.Signed(wrongTotal), Ct)).ShouldBeInvalid("total");
    }

    [Fact]
    public async Task an_order_for_a_sku_the_shop_does_not_sell_is_refused_whole()
    {
        var (sku, available) = await app.SellableSku(units: 1);
        var marketplaceId = HttpAssertions.Unique("MKT");
        var body = JsonSerializer.Serialize(new
        {
            id = marketplaceId,
            currency = "EUR",
            buyer = new { email = "b@simmarket.example", name = "B" },
            lines = new[] { new { sku, quantity = 1, unitPrice = 100L }, new { sku = "NO-SUCH-SKU", quantity = 1, unitPrice = 100L } },
            shippingTotal = 0L,
            total = 200L,
            paymentReference = "pay-1",
        });

        var problem = await (await app.Client(apiKey: null).SendAsync(MarketplaceSteps.Signed(body), Ct)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("https://meridian.dev/problems/unknown-sku", problem.GetProperty("type").GetString());
        Assert.Equal("NO-SUCH-SKU", problem.GetProperty("skus")[0].GetString());
        Assert.Null(await FindAsync(marketplaceId));
        Assert.Equal(available, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task an_order_beyond_the_stock_is_409_and_creates_nothing()
    {
        var (sku, available) = await app.SellableSku(units: 1);
        var marketplaceId = HttpAssertions.Unique("MKT");

        var problem = await (await app.Client(apiKey: null).SendAsync(
                MarketplaceSteps.Signed(MarketplaceSteps.OrderJson(marketplaceId, sku, quantity: available + 1)), Ct))
            .ShouldBeProblem(HttpStatusCode.Conflict);

        Assert.Equal("https://meridian.dev/problems/stock-unavailable", problem.GetProperty("type").GetString());
        Assert.Null(await FindAsync(marketplaceId));
        Assert.Equal(available, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task a_channel_that_is_not_a_marketplace_is_404()
    {
        var request = MarketplaceSteps.Signed(MarketplaceSteps.OrderJson(HttpAssertions.Unique("MKT"), "ANY"));
        request.RequestUri = new Uri("/v1/channels/web/orders", UriKind.Relative);
        await (await app.Client(apiKey: null).SendAsync(request, Ct)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private async Task<OrderView?> FindAsync(string marketplaceId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOrders>().FindByIdempotencyKeyAsync($"marketplace:{await app.ChannelId()}", marketplaceId, Ct);
    }

    private static async Task<HttpRequestMessage> Tampered(HttpRequestMessage signed)
    {
        var copy = await MarketplaceSteps.Copy(signed);
        var body = (await signed.Content!.ReadAsStringAsync()).Replace("\"quantity\":1", "\"quantity\":2", StringComparison.Ordinal)
            .Replace("\"total\":2995", "\"total\":5495", StringComparison.Ordinal);
        copy.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return copy;
    }
}
