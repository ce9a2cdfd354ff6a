using System.Text.Json;
using Meridian.Marketplace.Connectors;
using Meridian.Marketplace.Contracts;
using Meridian.SharedKernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meridian.Marketplace.Simulator;

/// <summary>
/// The connector of the simulated marketplace, "simmarket". It behaves like a real marketplace's API would, except
/// that it runs in-process against <see cref="SimMarketDbContext"/>: inbound orders are signed per Standard Webhooks
/// in <see cref="MarketplaceOrderJson"/>'s format; pushes set the listing's stock or price; orders are listed by
/// when they last changed.
/// </summary>
internal sealed class SimMarketConnector(IServiceScopeFactory scopes, TimeProvider time, IOptions<MarketplaceOptions> options) : IMarketplaceConnector
{
    public const string ConnectorName = "simmarket";

    private static readonly DateTimeOffsetToBinaryConverter Stamp = new();

    public string Name => ConnectorName;

    public SignatureCheck VerifySignature(InboundRequest request, string secret, DateTimeOffset now) =>
        StandardWebhooks.Verify(request, secret, now, options.Value.SignatureTolerance);

    public OrderReading ReadOrder(ReadOnlyMemory<byte> body) => MarketplaceOrderJson.Read(body, time.GetUtcNow());

    public Task PushStockAsync(MarketplaceChannel channel, string sku, int available, CancellationToken cancellationToken) =>
        UpsertListingAsync(channel, sku, cancellationToken, stock: available);

    public Task PushPriceAsync(MarketplaceChannel channel, string sku, Money price, CancellationToken cancellationToken) =>
        UpsertListingAsync(channel, sku, cancellationToken, price: price);

    public async Task<IReadOnlyList<MarketplaceOrder>> ListOrdersChangedSinceAsync(MarketplaceChannel channel, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimMarketDbContext>();
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.ChannelId == channel.ChannelId && o.UpdatedAt >= since)
            .OrderBy(o => o.UpdatedAt).ThenBy(o => o.Id)
            .ToListAsync(cancellationToken);
        return orders.Select(ToOrder).ToList();
    }

    public async Task AcknowledgeOrderAsync(MarketplaceChannel channel, string marketplaceOrderId, string orderId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimMarketDbContext>();
        await db.Orders.Where(o => o.ChannelId == channel.ChannelId && o.Id == marketplaceOrderId && o.AcknowledgedOrderId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.AcknowledgedOrderId, orderId), cancellationToken);
    }

    public async Task CancelOrderAsync(MarketplaceChannel channel, string marketplaceOrderId, string reason, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimMarketDbContext>();
        var now = time.GetUtcNow();
        await db.Orders.Where(o => o.ChannelId == channel.ChannelId && o.Id == marketplaceOrderId && o.Status == SimStatuses.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, SimStatuses.Cancelled)
                .SetProperty(o => o.CancelReason, reason)
                .SetProperty(o => o.UpdatedAt, now), cancellationToken);
    }

    public static MarketplaceOrder ToOrder(SimOrder order)
    {
        var address = JsonSerializer.Deserialize<MarketplaceAddress>(order.ShippingAddress, MarketplaceOrderJson.Options);
        return new MarketplaceOrder(
            order.Id, order.Status == SimStatuses.Cancelled ? MarketplaceOrderStatus.Cancelled : MarketplaceOrderStatus.Open, order.Currency,
            JsonSerializer.Deserialize<List<MarketplaceOrderLine>>(order.Lines, MarketplaceOrderJson.Options) ?? [],
            order.ShippingTotal, order.Total, order.PaymentReference, new MarketplaceBuyer(order.BuyerEmail, order.BuyerName), address,
            order.CreatedAt, order.UpdatedAt);
    }

    private async Task UpsertListingAsync(MarketplaceChannel channel, string sku, CancellationToken cancellationToken, int? stock = null, Money? price = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimMarketDbContext>();
        // Raw SQL must store the time the way the model's converter does, or ordering by it breaks.
        var now = (long)Stamp.ConvertToProvider(time.GetUtcNow())!;
        // One statement, so a stock push and a price push of the same SKU never overwrite each other's column.
        if (stock is { } units)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO marketplace_sim_listings ("ChannelId", "Sku", "Stock", "StockPushes", "PricePushes", "UpdatedAt")
                VALUES ({channel.ChannelId}, {sku}, {units}, 1, 0, {now})
                ON CONFLICT ("ChannelId", "Sku") DO UPDATE SET "Stock" = excluded."Stock",
                    "StockPushes" = marketplace_sim_listings."StockPushes" + 1, "UpdatedAt" = excluded."UpdatedAt"
                """, cancellationToken);
        }
        else if (price is { } money)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO marketplace_sim_listings ("ChannelId", "Sku", "Price", "Currency", "StockPushes", "PricePushes", "UpdatedAt")
                VALUES ({channel.ChannelId}, {sku}, {money.Amount}, {money.Currency}, 0, 1, {now})
                ON CONFLICT ("ChannelId", "Sku") DO UPDATE SET "Price" = excluded."Price", "Currency" = excluded."Currency",
                    "PricePushes" = marketplace_sim_listings."PricePushes" + 1, "UpdatedAt" = excluded."UpdatedAt"
                """, cancellationToken);
        }
    }
}

internal static class SimStatuses
{
    public const string Open = "open";
    public const string Cancelled = "cancelled";
}
