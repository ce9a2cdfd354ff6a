using System.Net;
using System.Net.Http.Json;
using Meridian.Catalog.Contracts;
using Meridian.Inventory.Contracts;
using Meridian.Orders.Contracts;
using Meridian.Payments.Contracts;
using Meridian.Server.Tests.Carts;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Orders;

/// <summary>
/// Orders made as checkout will make them (checkout does not exist yet): a pending order through
/// <see cref="IOrders"/>, its stock reserved, a real authorization from the test provider, then placed.
/// </summary>
public static class OrderSteps
{
    public const long UnitPrice = 1000;
    public const long ShippingTotal = 500;

    /// <summary>A demo SKU with at least <paramref name="units"/> available, and how many are.</summary>
    public static async Task<(string Sku, int Available)> SkuInStock(this MeridianApp app, int units = 5)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var skus = scope.ServiceProvider.GetRequiredService<ICatalogSkus>();
        var candidates = new List<string>();
        await foreach (var sku in skus.ListAsync(TestContext.Current.CancellationToken))
        {
            candidates.Add(sku);
        }
        foreach (var batch in candidates.OrderBy(_ => Guid.NewGuid()).Chunk(50))
        {
            var found = await app.Client().GetFromJsonAsync<List<Availability>>($"/v1/inventory/availability?sku={string.Join(',', batch)}", HttpAssertions.Json);
            if (found!.FirstOrDefault(a => a.Available >= units) is { } hit)
            {
                return (hit.Sku, hit.Available);
            }
        }
        throw new InvalidOperationException("No demo SKU has enough stock.");
    }

    /// <summary>A demo SKU in stock that a cart accepts (the catalog also lists SKUs of draft products that other tests made).</summary>
    public static async Task<(string Sku, int Available)> PurchasableSku(this MeridianApp app, int units)
    {
        var probe = await app.Client().NewCart();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var found = await app.SkuInStock(units);
            if ((await app.Client().AddItem(probe.Id(), found.Sku)).StatusCode == HttpStatusCode.OK)
            {
                return found;
            }
        }
        throw new InvalidOperationException("No purchasable demo SKU has enough stock.");
    }

    public static async Task<int> AvailableOf(this MeridianApp app, string sku)
    {
        var found = await app.Client().GetFromJsonAsync<List<Availability>>($"/v1/inventory/availability?sku={sku}", HttpAssertions.Json);
        return found!.Single().Available;
    }

    /// <summary>A placed order with one line of <paramref name="quantity"/> units at <see cref="UnitPrice"/> and shipping, its payment authorized.</summary>
    public static async Task<OrderView> PlacedOrder(this MeridianApp app, string? customerId, string sku, int quantity = 2, int lines = 1)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IOrders>();
        var order = await orders.CreatePendingAsync(NewOrder(customerId, sku, quantity, lines), null, TestContext.Current.CancellationToken);
        var reserved = await scope.ServiceProvider.GetRequiredService<IStockReservations>()
            .ReserveAsync(order.Id, order.Lines.Select(l => (l.Sku, l.Quantity)).ToList(), null, TestContext.Current.CancellationToken);
        Assert.True(reserved.Succeeded);
        var payment = await scope.ServiceProvider.GetRequiredService<IPayments>().AuthorizeAsync(
            new AuthorizeRequest(order.Id, new Money(order.GrandTotal, order.Currency), TestTokens.Visa, AuthorizeRequest.KeyFor(order.Id), customerId),
            TestContext.Current.CancellationToken);
        Assert.Equal(PaymentOutcome.Succeeded, payment.Outcome);
        return await orders.MarkPlacedAsync(order.Id, payment.Payment!.Id, OrderPaymentStatus.Authorized, TestContext.Current.CancellationToken);
    }

    public static NewOrder NewOrder(string? customerId, string sku, int quantity = 2, int lines = 1, string? key = null) => new(
        "tests", key ?? HttpAssertions.Unique("checkout"), "web", customerId, "shopper@example.com", "EUR",
        Enumerable.Range(0, lines).Select(_ => new NewOrderLine("var_test", sku, "Linen shirt", "M", quantity, UnitPrice, UnitPrice * quantity, 0, 0, UnitPrice * quantity)).ToList(),
        new OrderAddress("Ada", "Lovelace", "Street 1", null, "Berlin", "10115", "DE"),
        new OrderShipping("standard", "Standard", ShippingTotal, 0, 0, ShippingTotal),
        []);

    public static async Task<PaymentView> PaymentOf(this MeridianApp app, string paymentId) =>
        (await app.Services.GetRequiredService<IPayments>().GetAsync(paymentId, TestContext.Current.CancellationToken))!;

    public static HttpRequestMessage Post(string url, object? body = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body ?? new { }, options: HttpAssertions.Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    public static Task<HttpResponseMessage> Refund(this HttpClient admin, string orderId, object body, string? key = null) =>
        admin.SendAsync(Post($"/v1/admin/orders/{orderId}/refunds", body, idempotencyKey: key ?? Guid.NewGuid().ToString("N")));

    public static async Task<System.Text.Json.JsonElement> Ok(this Task<HttpResponseMessage> response) => await (await response).ShouldBe(HttpStatusCode.OK);

    public sealed record Availability(string Sku, int Available, List<LocationAvailability> Locations);

    public sealed record LocationAvailability(string Location, int Available);
}
