using System.Security.Cryptography;
using System.Text;
using Meridian.Catalog.Contracts;
using Meridian.Inventory.Contracts;
using Meridian.Marketplace.Contracts;
using Meridian.Marketplace.Data;
using Meridian.Orders.Contracts;
using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meridian.Marketplace.Features.ReceiveOrder;

internal enum ImportStatus
{
    /// <summary>This call created the order.</summary>
    Created,

    /// <summary>The marketplace order was imported before, with the same content: the same order.</summary>
    AlreadyImported,

    /// <summary>The marketplace order was imported before with other lines or totals.</summary>
    Changed,

    /// <summary>Some SKUs are not sold in the catalog (unknown, or not published).</summary>
    UnknownSku,

    /// <summary>Some SKUs do not have the stock.</summary>
    OutOfStock,
}

internal sealed record ImportResult(ImportStatus Status, OrderView? Order, IReadOnlyList<string> Skus);

/// <summary>
/// The one path by which a marketplace order becomes a Meridian order, for the inbound endpoint and for
/// reconciliation alike. In one transaction: the pending order (idempotent by scope <c>marketplace:{channel}</c>
/// and the marketplace's order id), its stock reservation, placing it with the marketplace's captured payment,
/// and the link row that claims the marketplace order id. Either all of it commits or none of it.
/// </summary>
internal sealed class OrderImporter(ICatalogVariants catalog, RegionTransactions transactions, ILogger<OrderImporter> logger)
{
    public static string ScopeOf(MarketplaceChannel channel) => $"marketplace:{channel.ChannelId}";

    public async Task<ImportResult> ImportAsync(
        MarketplaceChannel channel, IMarketplaceConnector connector, MarketplaceOrder order, string via, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(order);
        var variants = catalog.Find(order.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal), order.Currency);
        var unknown = order.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).Where(s => !variants.ContainsKey(s)).ToList();
        ImportResult? result = null;
        // A second pass only when another importer claimed the order between our read and our insert (never on SQLite,
        // whose immediate transactions queue; possible on engines with row locks).
        for (var pass = 0; pass < 2 && result is null; pass++)
        {
            result = await transactions.InTransactionAsync<ImportResult?>(async (services, transaction) =>
            {
                var db = await RegionTransactions.JoinAsync(services.GetRequiredService<MarketplaceDbContext>(), transaction, cancellationToken);
                var orders = services.GetRequiredService<IOrders>();
                var link = await db.OrderLinks.AsNoTracking()
                    .SingleOrDefaultAsync(l => l.ChannelId == channel.ChannelId && l.MarketplaceOrderId == order.MarketplaceOrderId, cancellationToken);
                if (link is not null)
                {
                    var existing = await orders.GetAsync(link.OrderId, cancellationToken);
                    return (new ImportResult(link.Fingerprint == fingerprint ? ImportStatus.AlreadyImported : ImportStatus.Changed, existing, []), false);
                }
                if (unknown.Count > 0)
                {
                    return (new ImportResult(ImportStatus.UnknownSku, null, unknown), false);
                }
                var created = await orders.CreatePendingAsync(ToNewOrder(channel, order, variants), transaction, cancellationToken);
                var reserved = await services.GetRequiredService<IStockReservations>()
                    .ReserveAsync(created.Id, created.Lines.Select(l => (l.Sku, l.Quantity)).ToList(), transaction, cancellationToken);
                if (!reserved.Succeeded)
                {
                    return (new ImportResult(ImportStatus.OutOfStock, null, reserved.ShortSkus), false);
                }
                // The same scope's orders service joined the transaction in CreatePendingAsync, so placing commits with it.
                var placed = await orders.MarkPlacedAsync(created.Id, order.PaymentReference, OrderPaymentStatus.Captured, cancellationToken);
                db.OrderLinks.Add(new OrderLink
                {
                    ChannelId = channel.ChannelId,
                    MarketplaceOrderId = order.MarketplaceOrderId,
                    OrderId = placed.Id,
                    Fingerprint = fingerprint,
                    Via = via,
                    ImportedAt = placed.CreatedAt,
                });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    return (null, false);
                }
                return (new ImportResult(ImportStatus.Created, placed, []), true);
            }, cancellationToken);
        }
        result ??= new ImportResult(ImportStatus.AlreadyImported, null, []);
        switch (result.Status)
        {
            case ImportStatus.Created:
                logger.OrderImported(channel.Handle, order.MarketplaceOrderId, result.Order!.Id);
                break;
            case ImportStatus.AlreadyImported:
                break;
            default:
                logger.OrderRefused(channel.Handle, order.MarketplaceOrderId, result.Status.ToString());
                break;
        }
        if (result is { Status: ImportStatus.Created or ImportStatus.AlreadyImported, Order: { } imported })
        {
            await AcknowledgeAsync(channel, connector, order.MarketplaceOrderId, imported.Id, cancellationToken);
        }
        return result;
    }

    /// <summary>What tells a retry from a changed order: currency, lines and totals, not the buyer or the timestamps.</summary>
    public static string Fingerprint(MarketplaceOrder order)
    {
        var text = new StringBuilder().Append(order.Currency).Append('|').Append(order.Total).Append('|').Append(order.ShippingTotal);
        foreach (var line in order.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).ThenBy(l => l.Quantity).ThenBy(l => l.UnitPrice))
        {
            text.Append('|').Append(line.Sku).Append('*').Append(line.Quantity).Append('@').Append(line.UnitPrice);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task AcknowledgeAsync(MarketplaceChannel channel, IMarketplaceConnector connector, string marketplaceOrderId, string orderId, CancellationToken cancellationToken)
    {
        try
        {
            await connector.AcknowledgeOrderAsync(channel, marketplaceOrderId, orderId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The order is safe in Meridian; the next delivery or reconciliation acknowledges again.
            logger.AcknowledgeFailed(channel.Handle, marketplaceOrderId, exception);
        }
    }

    private static NewOrder ToNewOrder(MarketplaceChannel channel, MarketplaceOrder order, IReadOnlyDictionary<string, CatalogVariant> variants)
    {
        var lines = order.Lines.Select(l =>
        {
            var variant = variants[l.Sku];
            var subtotal = l.UnitPrice * l.Quantity;
            // The marketplace priced and collected the line, tax included: Meridian records what was paid, no discount of its own.
            return new NewOrderLine(variant.VariantId, l.Sku, variant.ProductTitle, variant.VariantTitle, l.Quantity, l.UnitPrice, subtotal, 0, 0, subtotal);
        }).ToList();
        OrderAddress? address = null;
        if (order.ShippingAddress is { } a)
        {
            var space = a.Name.IndexOf(' ', StringComparison.Ordinal);
            address = new OrderAddress(space < 0 ? a.Name : a.Name[..space], space < 0 ? string.Empty : a.Name[(space + 1)..].Trim(),
                a.Line1, a.Line2, a.City, a.PostalCode, a.Country);
        }
        return new NewOrder(ScopeOf(channel), order.MarketplaceOrderId, channel.ChannelId, null, order.Buyer.Email, order.Currency, lines, address,
            new OrderShipping("marketplace", "As sold on the marketplace", order.ShippingTotal, 0, 0, order.ShippingTotal), []);
    }
}
