using System.Net;
using Meridian.Orders.Contracts;
using Meridian.Payments.Contracts;
using Meridian.Server.Tests.Customers;
using Meridian.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Orders;

[Collection(ServerCollection.Name)]
public sealed class OrderTests(MeridianApp app)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_customer_pages_through_their_own_orders_newest_first_and_gets_404_for_someone_elses()
    {
        var (sku, _) = await app.SkuInStock(4);
        var ada = await app.Client().NewShopper();
        var bob = await app.Client().NewShopper();
        var first = await app.PlacedOrder(ada.Id, sku, 1);
        var second = await app.PlacedOrder(ada.Id, sku, 1);
        var third = await app.PlacedOrder(ada.Id, sku, 1);
        var bobs = await app.PlacedOrder(bob.Id, sku, 1);
        var client = app.Client(bearer: ada.AccessToken);

        var page1 = await client.GetAsync("/v1/orders?limit=2").Ok();
        var cursor = page1.GetProperty("nextCursor").GetString();
        var page2 = await client.GetAsync($"/v1/orders?limit=2&cursor={cursor}").Ok();

        Assert.Equal([third.Id, second.Id], page1.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal([first.Id], page2.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);
        await (await client.GetAsync($"/v1/orders/{bobs.Id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.SendAsync(OrderSteps.Post($"/v1/orders/{bobs.Id}/cancel"))).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync("/v1/orders?limit=0")).ShouldBeInvalid("limit");
        await (await client.GetAsync("/v1/orders?limit=101")).ShouldBeInvalid("limit");
        var own = await client.GetAsync($"/v1/orders/{first.Id}").Ok();
        Assert.Equal("placed", own.GetProperty("status").GetString());
        Assert.Equal("authorized", own.GetProperty("paymentStatus").GetString());
        Assert.Equal(OrderSteps.UnitPrice + OrderSteps.ShippingTotal, own.GetProperty("totals").GetProperty("grandTotal").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task a_customer_cancelling_voids_the_payment_and_releases_the_stock_once()
    {
        var (sku, before) = await app.SkuInStock(3);
        var ada = await app.Client().NewShopper();
        var order = await app.PlacedOrder(ada.Id, sku, 2);
        Assert.Equal(before - 2, await app.AvailableOf(sku));
        var client = app.Client(bearer: ada.AccessToken);

        var cancelled = await client.SendAsync(OrderSteps.Post($"/v1/orders/{order.Id}/cancel")).Ok();
        var again = await client.SendAsync(OrderSteps.Post($"/v1/orders/{order.Id}/cancel")).Ok();

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("voided", cancelled.GetProperty("paymentStatus").GetString());
        Assert.Equal(cancelled.GetProperty("version").GetInt32(), again.GetProperty("version").GetInt32());
        Assert.Equal(PaymentStatus.Voided, (await app.PaymentOf(order.PaymentId!)).Status);
        Assert.Equal(before, await app.AvailableOf(sku));
        Assert.Contains(cancelled.GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "cancelled");
    }

    [Fact]
    public async Task fulfilling_captures_at_the_first_shipment_and_completes_the_order_at_the_last()
    {
        var (sku, before) = await app.SkuInStock(3);
        var order = await app.PlacedOrder(null, sku, 2);
        var admin = app.Admin();

        var partial = await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/fulfillments",
            new { lines = new[] { new { lineId = "line_1", quantity = 1 } }, carrier = "dhl", trackingNumber = "JD0001" })).Ok();
        Assert.Equal("captured", partial.GetProperty("paymentStatus").GetString());
        Assert.Equal("partially_fulfilled", partial.GetProperty("fulfillmentStatus").GetString());
        Assert.Equal(PaymentStatus.Captured, (await app.PaymentOf(order.PaymentId!)).Status);
        var cancel = await (await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/cancel"))).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("partially_fulfilled", cancel.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var full = await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/fulfillments",
            new { lines = new[] { new { lineId = "line_1", quantity = 1 } } })).Ok();
        var over = await (await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/fulfillments",
            new { lines = new[] { new { lineId = "line_1", quantity = 1 } } }))).ShouldBeProblem(HttpStatusCode.Conflict);

        Assert.Equal("completed", full.GetProperty("status").GetString());
        Assert.Equal("fulfilled", full.GetProperty("fulfillmentStatus").GetString());
        Assert.Equal(2, full.GetProperty("fulfillments").GetArrayLength());
        Assert.Contains("is completed", over.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before - 2, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task a_partial_refund_then_the_rest_moves_payment_through_partially_refunded_to_refunded_and_never_over_captured()
    {
        var (sku, _) = await app.SkuInStock(3);
        var order = await app.PlacedOrder(null, sku, 2);
        var admin = app.Admin();
        await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/capture")).Ok();

        await (await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/refunds", new { amount = 100 }))).ShouldBeInvalid("Idempotency-Key");
        var partial = await admin.Refund(order.Id, new { lines = new[] { new { lineId = "line_1", quantity = 1 } } }).Ok();
        var over = await (await admin.Refund(order.Id, new { amount = order.GrandTotal })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        var rest = await admin.Refund(order.Id, new { lines = new[] { new { lineId = "line_1", quantity = 1 } }, amount = OrderSteps.ShippingTotal }).Ok();

        Assert.Equal("partially_refunded", partial.GetProperty("paymentStatus").GetString());
        Assert.Equal(OrderSteps.UnitPrice, partial.GetProperty("totals").GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.Equal("https://meridian.dev/problems/refund-exceeds-captured", over.GetProperty("type").GetString());
        Assert.Equal("refunded", rest.GetProperty("paymentStatus").GetString());
        Assert.Equal(order.GrandTotal, rest.GetProperty("totals").GetProperty("refunded").GetProperty("amount").GetInt64());
        var payment = await app.PaymentOf(order.PaymentId!);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal(order.GrandTotal, payment.Refunded.Amount);
        await (await admin.Refund(order.Id, new { amount = 1 })).ShouldBeProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_refund_retried_with_the_same_key_refunds_once()
    {
        var (sku, _) = await app.SkuInStock(2);
        var order = await app.PlacedOrder(null, sku, 1);
        var admin = app.Admin();
        await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/capture")).Ok();

        var first = await admin.Refund(order.Id, new { amount = 200 }, "refund-once").Ok();
        var replay = await admin.Refund(order.Id, new { amount = 200 }, "refund-once").Ok();

        Assert.Equal(200, first.GetProperty("totals").GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.Equal(200, replay.GetProperty("totals").GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.Equal(200, (await app.PaymentOf(order.PaymentId!)).Refunded.Amount);
    }

    [Fact]
    public async Task returns_take_back_only_shipped_units_and_can_refund_them()
    {
        var (sku, _) = await app.SkuInStock(3);
        var order = await app.PlacedOrder(null, sku, 2);
        var admin = app.Admin();
        await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/fulfillments", new { lines = new[] { new { lineId = "line_1", quantity = 2 } } })).Ok();

        var tooMany = await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/returns", new { lines = new[] { new { lineId = "line_1", quantity = 3 } } }));
        var returned = await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/returns",
            new { lines = new[] { new { lineId = "line_1", quantity = 1 } }, refund = true, reason = "too small" })).Ok();

        await tooMany.ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("partially_returned", returned.GetProperty("fulfillmentStatus").GetString());
        Assert.Equal("partially_refunded", returned.GetProperty("paymentStatus").GetString());
        Assert.Equal(OrderSteps.UnitPrice, returned.GetProperty("totals").GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.False(string.IsNullOrEmpty(returned.GetProperty("returns")[0].GetProperty("refundId").GetString()));
    }

    [Fact]
    public async Task a_forbidden_transition_is_409_naming_the_current_state()
    {
        var (sku, _) = await app.SkuInStock(2);
        var order = await app.PlacedOrder(null, sku, 1);
        var admin = app.Admin();
        await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/capture")).Ok();

        var twice = await (await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/capture"))).ShouldBeProblem(HttpStatusCode.Conflict);
        var cancelled = await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/cancel")).Ok();
        var fulfil = await (await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/fulfillments",
            new { lines = new[] { new { lineId = "line_1", quantity = 1 } } }))).ShouldBeProblem(HttpStatusCode.Conflict);

        Assert.Contains("paymentStatus is captured", twice.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("refunded", cancelled.GetProperty("paymentStatus").GetString());
        Assert.Contains("status is cancelled", fulfil.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_the_current_etag_works()
    {
        var (sku, _) = await app.SkuInStock(2);
        var order = await app.PlacedOrder(null, sku, 1);
        var admin = app.Admin();
        var read = await admin.GetAsync($"/v1/admin/orders/{order.Id}");
        var staleTag = read.Headers.ETag!.Tag;
        var captured = await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/capture", ifMatch: staleTag));
        var freshTag = captured.Headers.ETag!.Tag;
        await captured.ShouldBe(HttpStatusCode.OK);

        await (await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/cancel", ifMatch: staleTag))).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/cancel", ifMatch: freshTag)).Ok();
        Assert.NotEqual(staleTag, freshTag);
    }

    [Fact]
    public async Task admin_order_routes_need_a_secret_key_and_list_by_status()
    {
        var (sku, _) = await app.SkuInStock(2);
        var order = await app.PlacedOrder(null, sku, 1);

        await (await app.Client().GetAsync($"/v1/admin/orders/{order.Id}")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await app.Client().SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/capture"))).ShouldBeProblem(HttpStatusCode.Forbidden);
        var placed = await app.Admin().GetAsync("/v1/admin/orders?status=placed&limit=100").Ok();
        await (await app.Admin().GetAsync("/v1/admin/orders?status=shipped")).ShouldBeInvalid("status");

        Assert.All(placed.GetProperty("items").EnumerateArray(), o => Assert.Equal("placed", o.GetProperty("status").GetString()));
        Assert.Contains(placed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == order.Id);
    }

    [Fact]
    public async Task checkout_creating_an_order_twice_with_one_key_gets_one_order_and_a_failed_payment_cancels_it()
    {
        var (sku, _) = await app.SkuInStock(1);
        await using var scope = app.Services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IOrders>();
        var key = HttpAssertions.Unique("checkout");

        var first = await orders.CreatePendingAsync(OrderSteps.NewOrder(null, sku, key: key), null, Ct);
        var second = await orders.CreatePendingAsync(OrderSteps.NewOrder(null, sku, key: key), null, Ct);
        var failed = await orders.MarkPaymentFailedAsync(first.Id, "insufficient_funds", Ct);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, (await orders.FindByIdempotencyKeyAsync("tests", key, Ct))!.Id);
        Assert.Equal(OrderStatus.Cancelled, failed.Status);
        Assert.Equal(OrderPaymentStatus.Failed, failed.PaymentStatus);
        await Assert.ThrowsAsync<OrderStateException>(() => orders.MarkPlacedAsync(first.Id, "pay_x", OrderPaymentStatus.Authorized, Ct));
    }
}
