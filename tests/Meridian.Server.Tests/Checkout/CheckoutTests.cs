using System.Net;
using System.Text.Json;
using Meridian.Checkout.Contracts;
using Meridian.Inventory.Contracts;
using Meridian.Payments.Contracts;
using Meridian.Server.Tests.Carts;
using Meridian.Server.Tests.Customers;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Server.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Checkout;

[Collection(ServerCollection.Name)]
public sealed class CheckoutTests(MeridianApp app)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IReadOnlyList<PaymentView>> PaymentsOf(string orderId) =>
        await app.Services.GetRequiredService<IPayments>().FindByOrderAsync(orderId, Ct);

    [Fact]
    public async Task a_ready_cart_becomes_a_placed_order_with_its_stock_reserved_and_the_cart_closed()
    {
        var (sku, before) = await app.PurchasableSku(3);
        var ada = await app.Client().NewShopper();
        var client = app.Client(bearer: ada.AccessToken);
        var cartId = await client.ReadyCart(sku, 2);
        var priced = await client.Get(cartId);

        var response = await client.CheckOut(cartId);
        var order = await response.ShouldBe(HttpStatusCode.Created);

        var id = order.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/orders/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("placed", order.GetProperty("status").GetString());
        Assert.Equal("authorized", order.GetProperty("paymentStatus").GetString());
        Assert.Equal(priced.Amount("grandTotal"), order.GetProperty("totals").GetProperty("grandTotal").GetProperty("amount").GetInt64());
        Assert.Equal(priced.GetProperty("currency").GetString(), order.GetProperty("totals").GetProperty("grandTotal").GetProperty("currency").GetString());
        Assert.Equal(priced.Amount("taxTotal"), order.GetProperty("totals").GetProperty("taxTotal").GetProperty("amount").GetInt64());
        Assert.Equal(2, Assert.Single(order.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetInt32());
        Assert.Equal(before - 2, await app.AvailableOf(sku));
        await (await client.AddItem(cartId, sku)).ShouldBeProblem(HttpStatusCode.Conflict);
        var mine = await client.GetAsync($"/v1/orders/{id}").Ok();
        Assert.Equal("placed", mine.GetProperty("status").GetString());
        var payment = Assert.Single(await PaymentsOf(id));
        Assert.Equal(PaymentStatus.Authorized, payment.Status);
        Assert.Equal(priced.Amount("grandTotal"), payment.Amount.Amount);
    }

    [Fact]
    public async Task the_same_key_replays_the_same_order_and_another_body_with_it_is_422()
    {
        var (sku, _) = await app.PurchasableSku(2);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku);
        var key = Guid.NewGuid().ToString("N");

        var first = await (await client.CheckOut(cartId, key: key)).ShouldBe(HttpStatusCode.Created);
        var again = await client.CheckOut(cartId, key: key);
        var second = await again.ShouldBe(HttpStatusCode.Created);
        var other = await client.CheckOut(cartId, key: key, email: "someone-else@example.com");

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        await other.ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Single(await PaymentsOf(first.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task fifty_parallel_checkouts_of_one_cart_with_one_key_make_one_order_and_one_charge()
    {
        var (sku, before) = await app.PurchasableSku(2);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku);
        var key = Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.CheckOut(cartId, key: key)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var ids = new HashSet<string>();
        foreach (var created in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            ids.Add((await created.ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        }
        var orderId = Assert.Single(ids);
        Assert.Single(await PaymentsOf(orderId));
        var ledger = await (await app.Admin().GetAsync($"/v1/admin/payments/test-ledger?orderId={orderId}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Single(ledger.EnumerateArray());
        Assert.Equal(before - 1, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task shoppers_racing_for_the_last_units_get_exactly_as_many_orders_as_units()
    {
        const int units = 3;
        var (sku, before) = await app.PurchasableSku(units + 1);
        var stock = app.Services.CreateAsyncScope();
        var hold = "ord_hold_" + Guid.NewGuid().ToString("N")[..26];
        Assert.True((await stock.ServiceProvider.GetRequiredService<IStockReservations>().ReserveAsync(hold, [(sku, before - units)], null, Ct)).Succeeded);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var client = app.Client();
            return (client, cartId: await client.ReadyCart(sku));
        }));

        var responses = await Task.WhenAll(shoppers.Select(s => s.client.CheckOut(s.cartId)));

        Assert.Equal(units, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await refused.ShouldBeProblem(HttpStatusCode.Conflict);
            Assert.EndsWith("stock-unavailable", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Contains(sku, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.AvailableOf(sku));
        await stock.ServiceProvider.GetRequiredService<IStockReservations>().ReleaseAsync(hold, null, Ct);
        Assert.Equal(before - units, await app.AvailableOf(sku));
        await stock.DisposeAsync();
    }

    [Fact]
    public async Task a_declined_payment_is_402_with_the_reason_and_gives_the_stock_back()
    {
        var (sku, before) = await app.PurchasableSku(2);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku, 2);

        var problem = await (await client.CheckOut(cartId, TestTokens.DeclineInsufficientFunds)).ShouldBeProblem(HttpStatusCode.PaymentRequired);

        Assert.Equal("insufficient_funds", problem.GetProperty("code").GetString());
        var orderId = problem.GetProperty("orderId").GetString()!;
        var order = await app.Admin().GetAsync($"/v1/admin/orders/{orderId}", Ct).Ok();
        Assert.Equal("cancelled", order.GetProperty("status").GetString());
        Assert.Equal("failed", order.GetProperty("paymentStatus").GetString());
        Assert.Equal(before, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task after_a_decline_the_same_cart_reopens_and_pays_with_another_card()
    {
        var (sku, before) = await app.PurchasableSku(1);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku);
        var declineKey = Guid.NewGuid().ToString("N");

        await (await client.CheckOut(cartId, TestTokens.DeclineInsufficientFunds, declineKey)).ShouldBeProblem(HttpStatusCode.PaymentRequired);
        var reopened = await client.Get(cartId);
        Assert.Equal("active", reopened.GetProperty("status").GetString());
        var replay = await client.CheckOut(cartId, TestTokens.DeclineInsufficientFunds, declineKey);
        await replay.ShouldBeProblem(HttpStatusCode.PaymentRequired);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));

        var paid = await (await client.CheckOut(cartId)).ShouldBe(HttpStatusCode.Created);

        Assert.Equal("placed", paid.GetProperty("status").GetString());
        Assert.Equal("converted", (await client.Get(cartId)).GetProperty("status").GetString());
        Assert.Equal(before - 1, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task a_provider_outage_is_503_with_retry_after_and_holds_the_order_until_recovery_releases_it()
    {
        var (sku, before) = await app.PurchasableSku(1);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku);

        var response = await client.CheckOut(cartId, TestTokens.ProviderDown);

        var problem = await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.EndsWith("payment-unavailable", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        var converted = await client.Get(cartId);
        Assert.Equal("converted", converted.GetProperty("status").GetString());
        Assert.Equal(before - 1, await app.AvailableOf(sku));

        await app.Services.GetRequiredService<ICheckoutRecovery>().RecoverAsync(TimeSpan.Zero, Ct);

        Assert.Equal(before, await app.AvailableOf(sku));
        Assert.Equal("active", (await client.Get(cartId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_declined_payment_gives_the_promotion_use_back_so_the_next_checkout_can_claim_it()
    {
        var (sku, _) = await app.PurchasableSku(12);
        var ada = await app.Client().NewShopper();
        var client = app.Client(bearer: ada.AccessToken);
        var probe = await client.NewCart();
        var one = await (await client.AddItem(probe.Id(), sku)).ShouldBe(HttpStatusCode.OK);
        var quantity = (int)Math.Ceiling(5000.0 / Math.Max(1, one.Amount("subtotal")));
        Assert.InRange(quantity, 1, 6);

        async Task<string> CartWithWelcome()
        {
            var cartId = await client.ReadyCart(sku, quantity);
            var priced = await (await client.Send(HttpMethod.Post, $"/v1/carts/{cartId}/promotions", new { code = "WELCOME10" })).ShouldBe(HttpStatusCode.OK);
            return priced.Codes("appliedPromotions").Contains("WELCOME10") ? cartId : throw new InvalidOperationException("WELCOME10 did not apply: " + priced);
        }

        await (await client.CheckOut(await CartWithWelcome(), TestTokens.DeclineInsufficientFunds)).ShouldBeProblem(HttpStatusCode.PaymentRequired);
        await (await client.CheckOut(await CartWithWelcome())).ShouldBe(HttpStatusCode.Created);

        var third = await client.ReadyCart(sku, quantity);
        var refused = await (await client.Send(HttpMethod.Post, $"/v1/carts/{third}/promotions", new { code = "WELCOME10" })).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain("WELCOME10", refused.Codes("appliedPromotions"));
    }

    [Fact]
    public async Task an_order_left_pending_without_a_payment_by_a_crash_is_released_by_recovery()
    {
        var (sku, before) = await app.PurchasableSku(2);
        await using var scope = app.Services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<Meridian.Orders.Contracts.IOrders>();
        var order = await orders.CreatePendingAsync(OrderSteps.NewOrder(null, sku, 2), null, Ct);
        Assert.True((await scope.ServiceProvider.GetRequiredService<IStockReservations>().ReserveAsync(order.Id, [(sku, 2)], null, Ct)).Succeeded);
        Assert.Equal(before - 2, await app.AvailableOf(sku));

        var report = await app.Services.GetRequiredService<ICheckoutRecovery>().RecoverAsync(TimeSpan.Zero, Ct);

        Assert.True(report.Failed >= 1, $"Nothing released: {report}");
        var settled = await orders.GetAsync(order.Id, Ct);
        Assert.Equal(Meridian.Orders.Contracts.OrderStatus.Cancelled, settled!.Status);
        Assert.Equal(Meridian.Orders.Contracts.OrderPaymentStatus.Failed, settled.PaymentStatus);
        Assert.Equal(before, await app.AvailableOf(sku));
        Assert.Empty(await PaymentsOf(order.Id));
    }

    [Fact]
    public async Task a_3ds_checkout_answers_202_with_the_next_action_and_confirming_places_the_order()
    {
        var (sku, before) = await app.PurchasableSku(1);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku);

        var pending = await (await client.CheckOut(cartId, TestTokens.ThreeDSecure)).ShouldBe(HttpStatusCode.Accepted);
        var orderId = pending.GetProperty("id").GetString()!;
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal("three_d_secure", pending.GetProperty("nextAction").GetProperty("type").GetString());
        await (await app.Client(MeridianApp.KioskKey).SendAsync(OrderSteps.Post($"/v1/checkout/{orderId}/confirm"), Ct)).ShouldBeProblem(HttpStatusCode.NotFound);

        var placed = await (await client.SendAsync(OrderSteps.Post($"/v1/checkout/{orderId}/confirm"), Ct)).ShouldBe(HttpStatusCode.Created);

        Assert.Equal("placed", placed.GetProperty("status").GetString());
        Assert.Equal("authorized", placed.GetProperty("paymentStatus").GetString());
        Assert.Equal(PaymentStatus.Authorized, Assert.Single(await PaymentsOf(orderId)).Status);
        Assert.Equal(before - 1, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task a_card_number_as_token_is_400_and_creates_nothing()
    {
        var (sku, before) = await app.PurchasableSku(1);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku);

        var problem = await (await client.CheckOut(cartId, "4242 4242 4242 4242")).ShouldBeProblem(HttpStatusCode.BadRequest);

        Assert.Equal("card_number_rejected", problem.GetProperty("code").GetString());
        Assert.DoesNotContain("4242", problem.ToString(), StringComparison.Ordinal);
        var cart = await client.Get(cartId);
        Assert.Equal("active", cart.GetProperty("status").GetString());
        Assert.Equal(before, await app.AvailableOf(sku));
    }

    [Fact]
    public async Task a_checkout_without_an_idempotency_key_is_400()
    {
        var (sku, _) = await app.PurchasableSku(1);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku);

        var response = await client.PostJson("/v1/checkout", new { cartId, email = "shopper@example.com", paymentToken = TestTokens.Visa });

        await response.ShouldBeInvalid("Idempotency-Key");
    }

    [Fact]
    public async Task a_payment_timeout_leaves_the_order_pending_and_recovery_places_it_with_one_charge()
    {
        var (sku, before) = await app.PurchasableSku(1);
        var client = app.Client();
        var cartId = await client.ReadyCart(sku);

        var pending = await (await client.CheckOut(cartId, TestTokens.Timeout)).ShouldBe(HttpStatusCode.Accepted);
        var orderId = pending.GetProperty("id").GetString()!;
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("paymentStatus").ValueKind);

        var report = await app.Services.GetRequiredService<ICheckoutRecovery>().RecoverAsync(TimeSpan.Zero, Ct);

        Assert.True(report.Placed >= 1, $"Nothing placed: {report}");
        var order = await app.Admin().GetAsync($"/v1/admin/orders/{orderId}", Ct).Ok();
        Assert.Equal("placed", order.GetProperty("status").GetString());
        Assert.Equal("authorized", order.GetProperty("paymentStatus").GetString());
        Assert.Equal(PaymentStatus.Authorized, Assert.Single(await PaymentsOf(orderId)).Status);
        Assert.Equal(before - 1, await app.AvailableOf(sku));
    }
}
