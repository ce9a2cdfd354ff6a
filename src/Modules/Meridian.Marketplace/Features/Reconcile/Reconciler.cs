using System.Collections.Concurrent;
using Meridian.Inventory.Contracts;
using Meridian.Marketplace.Contracts;
using Meridian.Marketplace.Data;
using Meridian.Marketplace.Features.ReceiveOrder;
using Meridian.Orders.Contracts;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Marketplace.Features.Reconcile;

/// <summary>
/// Compares a marketplace's orders changed within the window with Meridian's and repairs what it can:
/// an order the marketplace never delivered is imported through the inbound path; one cancelled on the marketplace
/// is cancelled here (its stock released); one cancelled here is cancelled on the marketplace; quantities or totals
/// that differ are flagged for a person. Every repair is idempotent, so a second run finds nothing to do, and a
/// difference already flagged is not flagged again. Runs of one channel never overlap.
/// </summary>
internal sealed class Reconciler(
    MarketplaceDbContext db, IOrders orders, OrderImporter importer, RegionTransactions transactions, ReconciliationLocks locks,
    TimeProvider time, IOptions<MarketplaceOptions> options, ILogger<Reconciler> logger)
{
    public async Task<ReconciliationRun> RunAsync(MarketplaceChannel channel, IMarketplaceConnector connector, string trigger, CancellationToken cancellationToken)
    {
        var gate = locks.For(channel.ChannelId);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await RunLockedAsync(channel, connector, trigger, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ReconciliationRun> RunLockedAsync(MarketplaceChannel channel, IMarketplaceConnector connector, string trigger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var run = new ReconciliationRun
        {
            Id = Ids.New("recon"),
            ChannelId = channel.ChannelId,
            Trigger = trigger,
            WindowStart = now - options.Value.ReconciliationWindow,
            WindowEnd = now,
            StartedAt = now,
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        var theirs = await connector.ListOrdersChangedSinceAsync(channel, run.WindowStart, cancellationToken);
        var ids = theirs.Select(o => o.MarketplaceOrderId).ToList();
        var links = await db.OrderLinks.AsNoTracking()
            .Where(l => l.ChannelId == channel.ChannelId && ids.Contains(l.MarketplaceOrderId))
            .ToDictionaryAsync(l => l.MarketplaceOrderId, StringComparer.Ordinal, cancellationToken);
        var flagged = (await db.Findings.AsNoTracking()
                .Where(f => f.ChannelId == channel.ChannelId && f.Action == Actions.Flagged && ids.Contains(f.MarketplaceOrderId))
                .Select(f => new { f.MarketplaceOrderId, f.Difference, f.Detail }).ToListAsync(cancellationToken))
            .Select(f => (f.MarketplaceOrderId, f.Difference, f.Detail)).ToHashSet();

        var findings = new List<ReconciliationFinding>();
        foreach (var order in theirs)
        {
            run.Examined++;
            var finding = links.TryGetValue(order.MarketplaceOrderId, out var link)
                ? await CompareAsync(channel, connector, order, link, cancellationToken)
                : await ImportMissingAsync(channel, connector, order, cancellationToken);
            foreach (var (difference, orderId, detail, action) in finding)
            {
                if (action == Actions.Flagged && !flagged.Add((order.MarketplaceOrderId, difference, detail)))
                {
                    continue;
                }
                findings.Add(new ReconciliationFinding
                {
                    Id = Ids.New("rcf"),
                    RunId = run.Id,
                    ChannelId = channel.ChannelId,
                    MarketplaceOrderId = order.MarketplaceOrderId,
                    OrderId = orderId,
                    Difference = difference,
                    Detail = detail.Length > 500 ? detail[..500] : detail,
                    Action = action,
                    At = time.GetUtcNow(),
                });
            }
        }
        run.Imported = findings.Count(f => f.Action == Actions.Imported);
        run.Cancelled = findings.Count(f => f.Action == Actions.Cancelled);
        run.Flagged = findings.Count(f => f.Action == Actions.Flagged);
        run.FinishedAt = time.GetUtcNow();
        db.Findings.AddRange(findings);
        await db.SaveChangesAsync(cancellationToken);
        logger.Reconciled(run.Id, channel.Handle, run.Examined, run.Imported, run.Cancelled, run.Flagged);
        return run;
    }

    private async Task<IReadOnlyList<(string Difference, string? OrderId, string Detail, string Action)>> ImportMissingAsync(
        MarketplaceChannel channel, IMarketplaceConnector connector, MarketplaceOrder order, CancellationToken cancellationToken)
    {
        if (order.Status == MarketplaceOrderStatus.Cancelled)
        {
            // Cancelled before Meridian ever had it (or refused by Meridian at delivery): both sides agree there is no order.
            return [];
        }
        var result = await importer.ImportAsync(channel, connector, order, "reconciliation", cancellationToken);
        return result.Status switch
        {
            ImportStatus.Created => [(Differences.MissingInMeridian, result.Order!.Id, "Open on the marketplace but never delivered; imported.", Actions.Imported)],
            ImportStatus.AlreadyImported => [],
            ImportStatus.UnknownSku => [(Differences.MissingInMeridian, null, "Cannot import: unknown or unpublished SKUs " + string.Join(", ", result.Skus) + ".", Actions.Flagged)],
            ImportStatus.OutOfStock => [(Differences.MissingInMeridian, null, "Cannot import: not enough stock for " + string.Join(", ", result.Skus) + ".", Actions.Flagged)],
            _ => [(Differences.MissingInMeridian, result.Order?.Id, "Imported meanwhile with other content.", Actions.Flagged)],
        };
    }

    private async Task<IReadOnlyList<(string Difference, string? OrderId, string Detail, string Action)>> CompareAsync(
        MarketplaceChannel channel, IMarketplaceConnector connector, MarketplaceOrder theirs, OrderLink link, CancellationToken cancellationToken)
    {
        var ours = await orders.GetAsync(link.OrderId, cancellationToken);
        if (ours is null)
        {
            return [(Differences.MissingInMeridian, link.OrderId, "The linked order no longer exists.", Actions.Flagged)];
        }
        var cancelledThere = theirs.Status == MarketplaceOrderStatus.Cancelled;
        var cancelledHere = ours.Status == OrderStatus.Cancelled;
        if (cancelledThere && !cancelledHere)
        {
            return [await CancelOursAsync(ours, cancellationToken)];
        }
        if (cancelledHere && !cancelledThere)
        {
            await connector.CancelOrderAsync(channel, theirs.MarketplaceOrderId, "cancelled_by_seller", cancellationToken);
            return [(Differences.CancelledInMeridian, ours.Id, "Cancelled in Meridian but open on the marketplace; cancelled on the marketplace.", Actions.Cancelled)];
        }
        if (cancelledHere)
        {
            return [];
        }
        var found = new List<(string, string?, string, string)>();
        var theirQuantities = Quantities(theirs.Lines.Select(l => (l.Sku, l.Quantity)));
        var ourQuantities = Quantities(ours.Lines.Select(l => (l.Sku, l.Quantity)));
        var differing = theirQuantities.Keys.Union(ourQuantities.Keys).Order(StringComparer.Ordinal)
            .Where(sku => theirQuantities.GetValueOrDefault(sku) != ourQuantities.GetValueOrDefault(sku))
            .Select(sku => $"{sku}: {theirQuantities.GetValueOrDefault(sku)} on the marketplace, {ourQuantities.GetValueOrDefault(sku)} in Meridian")
            .ToList();
        if (differing.Count > 0)
        {
            found.Add((Differences.QuantityMismatch, ours.Id, string.Join("; ", differing) + ".", Actions.Flagged));
        }
        if (theirs.Total != ours.GrandTotal || !string.Equals(theirs.Currency, ours.Currency, StringComparison.Ordinal))
        {
            found.Add((Differences.TotalMismatch, ours.Id,
                $"{theirs.Total} {theirs.Currency} on the marketplace, {ours.GrandTotal} {ours.Currency} in Meridian.", Actions.Flagged));
        }
        return found;
    }

    private async Task<(string, string?, string, string)> CancelOursAsync(OrderView ours, CancellationToken cancellationToken)
    {
        if (ours.FulfillmentStatus != FulfillmentStatus.Unfulfilled || ours.Status == OrderStatus.Completed)
        {
            return (Differences.CancelledOnMarketplace, ours.Id,
                $"Cancelled on the marketplace but its fulfillmentStatus is {Names.Snake(ours.FulfillmentStatus)} in Meridian.", Actions.Flagged);
        }
        int released;
        try
        {
            released = await transactions.InTransactionAsync(async (services, transaction) =>
            {
                await services.GetRequiredService<IOrders>().CancelSettledElsewhereAsync(ours.Id, "cancelled_on_marketplace", transaction, cancellationToken);
                return (await services.GetRequiredService<IStockReservations>().ReleaseAsync(ours.Id, transaction, cancellationToken), true);
            }, cancellationToken);
        }
        catch (OrderStateException exception)
        {
            // It shipped between our read and the cancel: a person decides.
            return (Differences.CancelledOnMarketplace, ours.Id, "Cancelled on the marketplace; cannot cancel in Meridian: " + exception.Message, Actions.Flagged);
        }
        return (Differences.CancelledOnMarketplace, ours.Id, $"Cancelled on the marketplace; cancelled in Meridian and {released} units released.", Actions.Cancelled);
    }

    private static Dictionary<string, int> Quantities(IEnumerable<(string Sku, int Quantity)> lines) =>
        lines.GroupBy(l => l.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.Ordinal);
}

/// <summary>One lock per channel, so a scheduled run and a manual one never work on the same orders at once.</summary>
internal sealed class ReconciliationLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public SemaphoreSlim For(string channelId) => _locks.GetOrAdd(channelId, _ => new SemaphoreSlim(1, 1));
}
