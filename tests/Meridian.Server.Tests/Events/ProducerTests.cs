using System.Net;
using Meridian.Orders.Contracts;
using Meridian.Payments.Contracts;
using Meridian.Server.Tests.Carts;
using Meridian.Server.Tests.Customers;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Server.Tests.Orders;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Events;

/// <summary>The modules' state changes reach the feed as events, with payloads that hold ids, statuses and money.</summary>
[Collection(ServerCollection.Name)]
public sealed class ProducerTests(MeridianApp app)
{
    [Fact]
    public async Task a_checkout_publishes_order_placed_cart_converted_and_stock_changed()
    {
        var (sku, _) = await app.PurchasableSku(3);
        var client = app.Client();
        var cart = await client.NewCart();
        await (await client.AddItem(cart.Id(), sku, 2)).ShouldBe(HttpStatusCode.OK);
        await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-address",
            new { country = "DE", postalCode = "10115", city = "Berlin", lines = new[] { "Unter den Linden 1" }, name = "Ada Lovelace" })).ShouldBe(HttpStatusCode.OK);
        await (await client.Send(HttpMethod.Put, $"/v1/carts/{cart.Id()}/shipping-method", new { code = "standard" })).ShouldBe(HttpStatusCode.OK);
        var order = await (await client.SendAsync(OrderSteps.Post("/v1/checkout",
            new { cartId = cart.Id(), email = "events@example.com", paymentToken = TestTokens.Visa }, idempotencyKey: Guid.NewGuid().ToString("N"))))
            .ShouldBe(HttpStatusCode.Created);
        var orderId = order.GetProperty("id").GetString()!;

        var placed = (await EventFeedSteps.EventsOf(app.Admin(), orderId, EventTypes.OrderPlaced)).Single(e => e.GetProperty("type").GetString() == EventTypes.OrderPlaced);
        var data = placed.GetProperty("data");
        Assert.Equal(orderId, data.GetProperty("orderId").GetString());
        Assert.Equal("placed", data.GetProperty("status").GetString());
        Assert.Equal("authorized", data.GetProperty("paymentStatus").GetString());
        Assert.Equal(order.GetProperty("totals").GetProperty("grandTotal").GetProperty("amount").GetInt64(), data.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal("EUR", data.GetProperty("total").GetProperty("currency").GetString());
        Assert.DoesNotContain("events@example.com", placed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Linden", placed.ToString(), StringComparison.Ordinal);

        var converted = await EventFeedSteps.EventsOf(app.Admin(), cart.Id(), EventTypes.CartConverted);
        Assert.Equal(orderId, converted.Single().GetProperty("data").GetProperty("orderId").GetString());
        var stock = await EventFeedSteps.EventsOf(app.Admin(), sku, EventTypes.StockChanged);
        Assert.Contains(stock, e => e.GetProperty("data").GetProperty("orderId").GetString() == orderId
            && e.GetProperty("data").GetProperty("reason").GetString() == "reserved");

        // The order's change and its events committed together, and before the event the order was pending: the sequence orders them.
        var created = long.Parse(converted.Single().GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(long.Parse(placed.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > created);
    }

    [Fact]
    public async Task a_return_publishes_order_returned_and_the_refund_it_makes_order_refunded_and_a_refused_return_publishes_nothing()
    {
        var (sku, _) = await app.SkuInStock(3);
        var order = await app.PlacedOrder(null, sku, 2);
        var admin = app.Admin();
        await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/fulfillments", new { lines = new[] { new { lineId = "line_1", quantity = 2 } } })).Ok();
        await (await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/returns", new { lines = new[] { new { lineId = "line_1", quantity = 3 } } })))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        var kept = await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/returns",
            new { lines = new[] { new { lineId = "line_1", quantity = 1 } }, reason = "wrong colour, call Ada on +49 30 1234567" })).Ok();
        var refunded = await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/returns",
            new { lines = new[] { new { lineId = "line_1", quantity = 1 } }, refund = true })).Ok();

        var events = await EventFeedSteps.EventsOf(app.Admin(), order.Id, EventTypes.OrderReturned, EventTypes.OrderRefunded);
        var returns = events.Where(e => e.GetProperty("type").GetString() == EventTypes.OrderReturned).ToList();
        Assert.Equal(2, returns.Count);
        var first = returns[0].GetProperty("data");
        Assert.Equal(kept.GetProperty("returns")[0].GetProperty("id").GetString(), first.GetProperty("details").GetProperty("returnId").GetString());
        Assert.Equal("line_1", first.GetProperty("details").GetProperty("lines")[0].GetProperty("lineId").GetString());
        Assert.Equal(1, first.GetProperty("details").GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("details").GetProperty("refundId").ValueKind);
        Assert.Equal("partially_returned", first.GetProperty("fulfillmentStatus").GetString());
        Assert.DoesNotContain("Ada", returns[0].ToString(), StringComparison.Ordinal);

        var second = returns[1].GetProperty("data");
        var refundId = refunded.GetProperty("returns")[1].GetProperty("refundId").GetString();
        Assert.Equal(refundId, second.GetProperty("details").GetProperty("refundId").GetString());
        Assert.Equal("returned", second.GetProperty("fulfillmentStatus").GetString());
        var refund = events.Single(e => e.GetProperty("type").GetString() == EventTypes.OrderRefunded).GetProperty("data");
        Assert.Equal(refundId, refund.GetProperty("details").GetProperty("refundId").GetString());
        Assert.Equal(OrderSteps.UnitPrice, refund.GetProperty("details").GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(OrderSteps.UnitPrice, refund.GetProperty("refunded").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task a_cancellation_settled_elsewhere_publishes_order_cancelled_and_refunded_in_the_callers_transaction()
    {
        var (sku, _) = await app.SkuInStock(3);
        var order = await app.PlacedOrder(null, sku, 1);
        await app.Admin().SendAsync(OrderSteps.Post($"/v1/admin/orders/{order.Id}/capture")).Ok();
        var transactions = app.Services.GetRequiredService<RegionTransactions>();
        Task Cancel(bool commit) => transactions.InTransactionAsync(async (services, transaction) =>
        {
            await services.GetRequiredService<IOrders>().CancelSettledElsewhereAsync(order.Id, "cancelled_on_marketplace", transaction, TestContext.Current.CancellationToken);
            return (0, commit);
        }, TestContext.Current.CancellationToken);

        // The caller rolls back: neither the cancellation nor its events happened.
        await Cancel(commit: false);
        await Cancel(commit: true);

        var events = await EventFeedSteps.EventsOf(app.Admin(), order.Id, EventTypes.OrderCancelled, EventTypes.OrderRefunded);
        var cancelled = Assert.Single(events, e => e.GetProperty("type").GetString() == EventTypes.OrderCancelled).GetProperty("data");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("refunded", cancelled.GetProperty("paymentStatus").GetString());
        Assert.Equal("cancelled_on_marketplace", cancelled.GetProperty("details").GetProperty("reason").GetString());
        var refunded = Assert.Single(events, e => e.GetProperty("type").GetString() == EventTypes.OrderRefunded).GetProperty("data");
        Assert.Equal(order.GrandTotal, refunded.GetProperty("details").GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, refunded.GetProperty("details").GetProperty("refundId").ValueKind);
    }

    [Fact]
    public async Task admin_product_writes_publish_product_changed()
    {
        var variant = await app.Admin().NewVariant();
        var created = (await EventFeedSteps.EventsOf(app.Admin(), variant.ProductId, EventTypes.ProductChanged)).Single();
        Assert.True(created.GetProperty("data").GetProperty("exists").GetBoolean());
        Assert.True(created.GetProperty("data").GetProperty("published").GetBoolean());

        await (await app.Admin().DeleteAsync($"/v1/admin/catalog/products/{variant.ProductId}")).ShouldBe(HttpStatusCode.NoContent);
        await EventFeedSteps.Eventually(async () => (await EventFeedSteps.FeedOf(app.Admin(), variant.ProductId)).Count == 2, "the deletion is published");
        var deleted = (await EventFeedSteps.FeedOf(app.Admin(), variant.ProductId))[1];
        Assert.False(deleted.GetProperty("data").GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task registration_and_erasure_publish_customer_events_and_the_erasure_carries_only_the_id()
    {
        var shopper = await app.Client().NewShopper();
        var registered = (await EventFeedSteps.EventsOf(app.Admin(), shopper.Id, EventTypes.CustomerRegistered)).Single();
        Assert.Equal(shopper.Id, registered.GetProperty("data").GetProperty("customerId").GetString());
        Assert.DoesNotContain(shopper.Email, registered.ToString(), StringComparison.Ordinal);

        await (await app.Client(bearer: shopper.AccessToken).DeleteAsync("/v1/customers/me")).ShouldBe(HttpStatusCode.NoContent);
        var erased = (await EventFeedSteps.EventsOf(app.Admin(), shopper.Id, EventTypes.CustomerErased))
            .Single(e => e.GetProperty("type").GetString() == EventTypes.CustomerErased);
        var data = erased.GetProperty("data");
        var only = Assert.Single(data.EnumerateObject());
        Assert.Equal("customerId", only.Name);
        Assert.Equal(shopper.Id, only.Value.GetString());
    }

    [Fact]
    public async Task the_catalog_read_model_consumer_keeps_up_with_product_changes()
    {
        var variant = await app.Admin().NewVariant();
        await EventFeedSteps.EventsOf(app.Admin(), variant.ProductId, EventTypes.ProductChanged);
        await EventFeedSteps.Eventually(async () =>
        {
            var consumers = await (await app.Admin().GetAsync("/v1/admin/events/consumers")).ShouldBe(HttpStatusCode.OK);
            var readModel = consumers.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "catalog-read-model");
            return readModel.GetProperty("lag").GetInt64() == 0 && readModel.GetProperty("deadLetters").GetInt32() == 0;
        }, "the catalog read model consumer has caught up without dead letters");
    }
}
