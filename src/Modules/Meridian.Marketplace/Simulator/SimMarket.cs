using System.Globalization;
using System.Text.Json;
using Meridian.Catalog.Contracts;
using Meridian.Marketplace.Connectors;
using Meridian.Marketplace.Contracts;
using Meridian.Marketplace.Features.ReceiveOrder;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Marketplace.Simulator;

internal sealed record SimLine(string Sku, int Quantity, long UnitPrice);

/// <summary>
/// The simulated marketplace's side of the story: buyers place orders on it, it delivers them to Meridian signed
/// (or "forgets" to), buyers cancel. Delivery calls the same inbound pipeline the HTTP endpoint does, with a body
/// the simulator serialised and signed, so signature checking and idempotency are exercised exactly as over HTTP.
/// </summary>
internal sealed class SimMarket(SimMarketDbContext db, MarketplaceSecrets secrets, InboundOrders inbound, ICatalogVariants catalog, TimeProvider time)
{
    public async Task<(SimOrder? Order, string? Error)> CreateOrderAsync(
        MarketplaceChannel channel, IReadOnlyList<(string Sku, int Quantity, long? UnitPrice)> lines, long shippingTotal, CancellationToken cancellationToken)
    {
        var skus = lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList();
        var listed = await db.Listings.AsNoTracking().Where(l => l.ChannelId == channel.ChannelId && skus.Contains(l.Sku))
            .ToDictionaryAsync(l => l.Sku, StringComparer.Ordinal, cancellationToken);
        var catalogPrices = catalog.Find(skus, channel.Currency);
        var priced = new List<SimLine>();
        foreach (var (sku, quantity, unitPrice) in lines)
        {
            // The marketplace sells at the price it was told; a SKU never pushed sells at the catalog's price (as a listing created by hand would).
            var price = unitPrice
                ?? (listed.TryGetValue(sku, out var listing) && listing.Price is { } told && listing.Currency == channel.Currency ? told : (long?)null)
                ?? (catalogPrices.TryGetValue(sku, out var variant) ? variant.UnitPrice : null);
            if (price is null)
            {
                return (null, $"No price is known for {sku}; send unitPrice.");
            }
            priced.Add(new SimLine(sku, quantity, price.Value));
        }
        var now = time.GetUtcNow();
        var id = "SIM-" + Ulid.NewUlid().ToString();
        var order = new SimOrder
        {
            Id = id,
            ChannelId = channel.ChannelId,
            Status = SimStatuses.Open,
            Currency = channel.Currency,
            Lines = JsonSerializer.Serialize(priced, MarketplaceOrderJson.Options),
            ShippingTotal = shippingTotal,
            Total = priced.Sum(l => l.UnitPrice * l.Quantity) + shippingTotal,
            PaymentReference = "simpay_" + id[4..],
            BuyerEmail = $"buyer-{id[^8..].ToLowerInvariant()}@simmarket.example",
            BuyerName = "Sim Buyer",
            ShippingAddress = JsonSerializer.Serialize(
                new MarketplaceAddress("Sim Buyer", "Marktstr. 1", null, "Berlin", "10115", "DE"), MarketplaceOrderJson.Options),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return (order, null);
    }

    /// <summary>Sends the order to Meridian, signed, and records the answer; an order Meridian refuses is cancelled here, as marketplaces do.</summary>
    public async Task<InboundOutcome> DeliverAsync(MarketplaceChannel channel, SimOrder order, CancellationToken cancellationToken)
    {
        var body = MarketplaceOrderJson.Write(SimMarketConnector.ToOrder(order));
        var (secret, _) = await secrets.GetAsync(channel, cancellationToken);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var messageId = "msg_" + Ulid.NewUlid().ToString();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [StandardWebhooks.IdHeader] = messageId,
            [StandardWebhooks.TimestampHeader] = timestamp.ToString(CultureInfo.InvariantCulture),
            [StandardWebhooks.SignatureHeader] = StandardWebhooks.Sign(secret, messageId, timestamp, body),
        };
        var outcome = await inbound.ReceiveAsync(channel.ChannelId, new InboundRequest(headers, body), cancellationToken);
        // The acknowledgement was written through another context: read the row afresh.
        db.ChangeTracker.Clear();
        var tracked = await db.Orders.SingleAsync(o => o.Id == order.Id, cancellationToken);
        tracked.DeliveryStatus = outcome.Status;
        if (outcome.Status is 409 or 422 && tracked.Status == SimStatuses.Open && tracked.AcknowledgedOrderId is null)
        {
            tracked.Status = SimStatuses.Cancelled;
            tracked.CancelReason = "rejected_by_seller";
            tracked.UpdatedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    public async Task<SimOrder?> FindAsync(MarketplaceChannel channel, string id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.ChannelId == channel.ChannelId, cancellationToken);
    }

    /// <summary>The buyer cancels on the marketplace, which does not tell Meridian: reconciliation has to notice.</summary>
    public async Task<SimOrder?> CancelAsync(MarketplaceChannel channel, string id, CancellationToken cancellationToken)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == id && o.ChannelId == channel.ChannelId, cancellationToken);
        if (order is { Status: SimStatuses.Open })
        {
            order.Status = SimStatuses.Cancelled;
            order.CancelReason = "buyer_cancelled";
            order.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return order;
    }
}
