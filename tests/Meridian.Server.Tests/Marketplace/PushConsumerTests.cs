using System.Net;
using System.Text.Json;
using Meridian.Catalog.Contracts;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Marketplace;

/// <summary>
/// The push consumers called as the event runner will call them: inside a transaction on the region's database
/// that the runner would also write the inbox row in, committed after the handler returns.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class PushConsumerTests(MeridianApp app)
{
    private const string Listings = "/v1/admin/marketplace/marketplace/simulator/listings";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_stock_change_sets_the_marketplace_stock_and_a_repeated_event_sets_the_same_value()
    {
        var (sku, _) = await app.SellableSku(units: 1);
        var stockChanged = Envelope(EventTypes.StockChanged, sku, new { sku, available = 7 });

        await HandleAsync("marketplace-stock", stockChanged);
        var listing = await (await app.Admin().GetAsync($"{Listings}/{sku}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(7, listing.GetProperty("stock").GetInt32());
        Assert.Equal(1, listing.GetProperty("stockPushes").GetInt32());

        await HandleAsync("marketplace-stock", stockChanged);
        listing = await (await app.Admin().GetAsync($"{Listings}/{sku}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(7, listing.GetProperty("stock").GetInt32());
        Assert.Equal(2, listing.GetProperty("stockPushes").GetInt32());
        Assert.Equal(7, await LastPushedAsync("stock", sku));

        await HandleAsync("marketplace-stock", Envelope(EventTypes.StockChanged, sku, new { sku, available = 4 }));
        listing = await (await app.Admin().GetAsync($"{Listings}/{sku}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(4, listing.GetProperty("stock").GetInt32());
        Assert.Equal(4, await LastPushedAsync("stock", sku));
    }

    [Fact]
    public async Task a_sku_the_catalog_does_not_sell_is_pushed_with_no_stock()
    {
        var sku = HttpAssertions.Unique("GONE");
        await HandleAsync("marketplace-stock", Envelope(EventTypes.StockChanged, sku, new { sku, available = 9 }));
        var listing = await (await app.Admin().GetAsync($"{Listings}/{sku}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, listing.GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task a_product_change_pushes_the_catalog_price_of_each_variant_and_a_repeated_event_pushes_the_same()
    {
        var (sku, _) = await app.SellableSku(units: 1);
        var variant = app.Services.GetRequiredService<ICatalogVariants>().Find([sku], "EUR")[sku];
        var productChanged = Envelope(EventTypes.ProductChanged, variant.ProductId, new { productId = variant.ProductId, exists = true, published = true, version = 1 });

        await HandleAsync("marketplace-price", productChanged);
        await HandleAsync("marketplace-price", productChanged);

        var listing = await (await app.Admin().GetAsync($"{Listings}/{sku}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(variant.UnitPrice, listing.GetProperty("price").GetInt64());
        Assert.Equal("EUR", listing.GetProperty("currency").GetString());
        Assert.Equal(2, listing.GetProperty("pricePushes").GetInt32());
        Assert.Equal(variant.UnitPrice, await LastPushedAsync("price", sku));

        await HandleAsync("marketplace-price", Envelope(EventTypes.ProductChanged, variant.ProductId, new { productId = variant.ProductId, exists = false, published = false, version = 0 }));
        listing = await (await app.Admin().GetAsync($"{Listings}/{sku}", Ct)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, listing.GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task the_consumers_take_only_their_event_types()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var consumers = scope.ServiceProvider.GetServices<IEventConsumer>().ToDictionary(c => c.Name);
        Assert.True(consumers["marketplace-stock"].Handles(EventTypes.StockChanged));
        Assert.False(consumers["marketplace-stock"].Handles(EventTypes.ProductChanged));
        Assert.True(consumers["marketplace-price"].Handles(EventTypes.ProductChanged));
        Assert.False(consumers["marketplace-price"].Handles(EventTypes.OrderPlaced));
    }

    private static EventEnvelope Envelope(string type, string subject, object data) =>
        new("evt_" + Guid.NewGuid().ToString("N"), type, "/meridian/eu-central", subject, DateTimeOffset.UtcNow, 1,
            JsonSerializer.SerializeToElement(data, HttpAssertions.Json));

    private Task HandleAsync(string consumerName, EventEnvelope envelope) =>
        app.Services.GetRequiredService<RegionTransactions>().InTransactionAsync(async (services, transaction) =>
        {
            var consumer = services.GetServices<IEventConsumer>().Single(c => c.Name == consumerName);
            await consumer.HandleAsync(envelope, new ConsumeContext(transaction, 1), Ct);
            return (0, true);
        }, Ct);

    private async Task<long> LastPushedAsync(string kind, string sku)
    {
        await using var connection = app.OpenDatabase();
        var rows = Database.Query(connection, """SELECT "Value" FROM marketplace_pushes WHERE "Kind" = @k AND "Sku" = @s""", ("@k", kind), ("@s", sku));
        return Convert.ToInt64(Assert.Single(rows)[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
