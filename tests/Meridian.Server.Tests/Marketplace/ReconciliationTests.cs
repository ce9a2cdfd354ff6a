using System.Net;
using Meridian.Server.Tests.Events;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Server.Tests.Orders;
using Meridian.SharedKernel.Events;

namespace Meridian.Server.Tests.Marketplace;

[Collection(MarketplaceCollection.Name)]
public sealed class ReconciliationTests(MeridianApp app)
{
    private const string Simulator = "/v1/admin/marketplace/marketplace/simulator";
    private const string Runs = "/v1/admin/marketplace/marketplace/reconciliations";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task reconciliation_imports_a_forgotten_order_cancels_one_cancelled_on_the_marketplace_and_a_second_run_does_nothing()
    {
        var (forgottenSku, forgottenAvailable) = await app.SellableSku(units: 2);
        var (cancelledSku, cancelledAvailable) = await app.SellableSku(units: 2);
        while (cancelledSku == forgottenSku)
        {
            (cancelledSku, cancelledAvailable) = await app.SellableSku(units: 2);
        }
        var admin = app.Admin();

        var forgotten = await (await admin.PostJson($"{Simulator}/orders", new { lines = new[] { new { sku = forgottenSku, quantity = 2 } }, deliver = false }))
            .ShouldBe(HttpStatusCode.Created);
        var forgottenId = forgotten.GetProperty("id").GetString()!;
        Assert.Null(forgotten.GetProperty("deliveryStatus").GetString());

        var delivered = await (await admin.PostJson($"{Simulator}/orders", new { lines = new[] { new { sku = cancelledSku, quantity = 1 } }, shippingTotal = 300 }))
            .ShouldBe(HttpStatusCode.Created);
        var cancelledId = delivered.GetProperty("id").GetString()!;
        Assert.Equal(201, delivered.GetProperty("delivery").GetProperty("status").GetInt32());
        var cancelledOrderId = delivered.GetProperty("delivery").GetProperty("orderId").GetString()!;
        Assert.Equal(cancelledOrderId, delivered.GetProperty("acknowledgedOrderId").GetString());
        Assert.Equal(cancelledAvailable - 1, await app.AvailableOf(cancelledSku));
        await (await admin.PostAsync($"{Simulator}/orders/{cancelledId}/cancel", null, Ct)).ShouldBe(HttpStatusCode.OK);

        var first = await (await admin.PostAsync(Runs, null, Ct)).ShouldBe(HttpStatusCode.Created);

        var findings = first.GetProperty("findings").EnumerateArray().ToList();
        var imported = Assert.Single(findings, f => f.GetProperty("marketplaceOrderId").GetString() == forgottenId);
        Assert.Equal("missing_in_meridian", imported.GetProperty("difference").GetString());
        Assert.Equal("imported", imported.GetProperty("action").GetString());
        var importedOrderId = imported.GetProperty("orderId").GetString()!;
        var cancelled = Assert.Single(findings, f => f.GetProperty("marketplaceOrderId").GetString() == cancelledId);
        Assert.Equal("cancelled_on_marketplace", cancelled.GetProperty("difference").GetString());
        Assert.Equal("cancelled", cancelled.GetProperty("action").GetString());
        Assert.Equal(cancelledOrderId, cancelled.GetProperty("orderId").GetString());
        Assert.Equal(1, first.GetProperty("imported").GetInt32());
        Assert.Equal(1, first.GetProperty("cancelled").GetInt32());

        var importedOrder = await (await admin.GetAsync($"/v1/admin/orders/{importedOrderId}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("placed", importedOrder.GetProperty("status").GetString());
        Assert.Equal(forgottenAvailable - 2, await app.AvailableOf(forgottenSku));
        var cancelledOrder = await (await admin.GetAsync($"/v1/admin/orders/{cancelledOrderId}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelledOrder.GetProperty("status").GetString());
        Assert.Equal("refunded", cancelledOrder.GetProperty("paymentStatus").GetString());
        Assert.Equal(cancelledAvailable, await app.AvailableOf(cancelledSku));
        var cancellation = (await EventFeedSteps.EventsOf(admin, cancelledOrderId, EventTypes.OrderCancelled))
            .Single(e => e.GetProperty("type").GetString() == EventTypes.OrderCancelled);
        Assert.Equal("cancelled_on_marketplace", cancellation.GetProperty("data").GetProperty("details").GetProperty("reason").GetString());
        var acknowledged = await (await admin.GetAsync($"{Simulator}/orders/{forgottenId}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(importedOrderId, acknowledged.GetProperty("acknowledgedOrderId").GetString());

        var second = await (await admin.PostAsync(Runs, null, Ct)).ShouldBe(HttpStatusCode.Created);

        Assert.True(second.GetProperty("examined").GetInt32() >= 2);
        Assert.Empty(second.GetProperty("findings").EnumerateArray());
        Assert.Equal(0, second.GetProperty("imported").GetInt32() + second.GetProperty("cancelled").GetInt32() + second.GetProperty("flagged").GetInt32());
        Assert.Equal(forgottenAvailable - 2, await app.AvailableOf(forgottenSku));
        Assert.Equal(cancelledAvailable, await app.AvailableOf(cancelledSku));

        var list = await (await admin.GetAsync($"{Runs}?limit=100", Ct)).ShouldBe(HttpStatusCode.OK);
        var ids = list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(second.GetProperty("id").GetString()) < ids.IndexOf(first.GetProperty("id").GetString()), "Newest run first.");
        var audit = await (await admin.GetAsync($"{Runs}/{first.GetProperty("id").GetString()}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(findings.Count, audit.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task a_total_that_differs_is_flagged_once_and_not_again()
    {
        var (sku, _) = await app.SellableSku(units: 1);
        var admin = app.Admin();
        var marketplaceOrder = await (await admin.PostJson($"{Simulator}/orders", new { lines = new[] { new { sku, quantity = 1, unitPrice = 1234 } }, deliver = false }))
            .ShouldBe(HttpStatusCode.Created);
        var id = marketplaceOrder.GetProperty("id").GetString()!;
        // The marketplace sends the order with a lower total than it holds (a discount it forgot to report, say).
        var body = MarketplaceSteps.OrderJson(id, sku, quantity: 1, unitPrice: 1000, shipping: 0);
        await (await app.Client(apiKey: null).SendAsync(MarketplaceSteps.Signed(body), Ct)).ShouldBe(HttpStatusCode.Created);

        var first = await (await admin.PostAsync(Runs, null, Ct)).ShouldBe(HttpStatusCode.Created);
        var second = await (await admin.PostAsync(Runs, null, Ct)).ShouldBe(HttpStatusCode.Created);

        var flag = Assert.Single(first.GetProperty("findings").EnumerateArray(), f => f.GetProperty("marketplaceOrderId").GetString() == id);
        Assert.Equal("total_mismatch", flag.GetProperty("difference").GetString());
        Assert.Equal("flagged", flag.GetProperty("action").GetString());
        Assert.DoesNotContain(second.GetProperty("findings").EnumerateArray(), f => f.GetProperty("marketplaceOrderId").GetString() == id);
    }

    [Fact]
    public async Task an_order_shipped_before_the_marketplace_cancelled_it_is_flagged_not_cancelled()
    {
        var (sku, _) = await app.SellableSku(units: 1);
        var admin = app.Admin();
        var delivered = await (await admin.PostJson($"{Simulator}/orders", new { lines = new[] { new { sku, quantity = 1 } } })).ShouldBe(HttpStatusCode.Created);
        var id = delivered.GetProperty("id").GetString()!;
        var orderId = delivered.GetProperty("delivery").GetProperty("orderId").GetString()!;
        var order = await (await admin.GetAsync($"/v1/admin/orders/{orderId}", Ct)).ShouldBe(HttpStatusCode.OK);
        var lineId = order.GetProperty("lines")[0].GetProperty("id").GetString();
        await (await admin.SendAsync(OrderSteps.Post($"/v1/admin/orders/{orderId}/fulfillments", new { lines = new[] { new { lineId, quantity = 1 } } }), Ct))
            .ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"{Simulator}/orders/{id}/cancel", null, Ct)).ShouldBe(HttpStatusCode.OK);

        var run = await (await admin.PostAsync(Runs, null, Ct)).ShouldBe(HttpStatusCode.Created);

        var flag = Assert.Single(run.GetProperty("findings").EnumerateArray(), f => f.GetProperty("marketplaceOrderId").GetString() == id);
        Assert.Equal("cancelled_on_marketplace", flag.GetProperty("difference").GetString());
        Assert.Equal("flagged", flag.GetProperty("action").GetString());
        var after = await (await admin.GetAsync($"/v1/admin/orders/{orderId}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("completed", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task the_simulated_marketplace_remembers_its_orders_across_a_restart()
    {
        var (sku, available) = await app.SellableSku(units: 1);
        var forgotten = await (await app.Admin().PostJson($"{Simulator}/orders", new { lines = new[] { new { sku, quantity = 1 } }, deliver = false }))
            .ShouldBe(HttpStatusCode.Created);
        var id = forgotten.GetProperty("id").GetString()!;

        // A second Server on the same files stands for the first one after a restart.
        await using var restarted = MeridianApp.SharingStoreWith(app);
        var run = await (await restarted.Admin().PostAsync(Runs, null, Ct)).ShouldBe(HttpStatusCode.Created);

        var imported = Assert.Single(run.GetProperty("findings").EnumerateArray(), f => f.GetProperty("marketplaceOrderId").GetString() == id);
        Assert.Equal("imported", imported.GetProperty("action").GetString());
        Assert.Equal(available - 1, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task reconciliation_needs_the_marketplace_scope_and_a_marketplace_channel()
    {
        await (await app.Client().PostAsync(Runs, null, Ct)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await app.Admin().PostAsync("/v1/admin/marketplace/web/reconciliations", null, Ct)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.Admin().GetAsync($"{Runs}/recon_nope", Ct)).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
