using Meridian.Events.Data;
using Meridian.Events.Outbox;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Events.Dispatch;

/// <summary>
/// Publishes committed outbox rows. Each pass takes the unpublished rows in insertion order (never a
/// position cursor: on PostgreSQL a lower position can commit after a higher one), gives them the next
/// sequences and a publication time in one transaction, then hands them to the transport. The sequence,
/// not the position, is the order consumers and the feed see, and it only grows, because one dispatcher
/// per region (the holder of its lease) assigns it and the unique index refuses a second assignment.
/// </summary>
internal sealed class Dispatcher(
    IServiceScopeFactory scopes,
    Leases leases,
    EventSignals signals,
    IEventTransport transport,
    EventsMetrics metrics,
    TimeProvider time,
    IOptions<EventsOptions> options,
    IOptions<ServerOptions> server,
    ILogger<Dispatcher> logger) : BackgroundService
{
    /// <summary>
    /// After an append wakes the dispatcher, its transaction may not have committed yet: look again
    /// after these short delays before falling back to the poll interval.
    /// </summary>
    private static readonly TimeSpan[] QuickLooks = [.. new[] { 2, 5, 10, 20, 40, 80 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    private string LeaseName => LeaseNameOf(server.Value.Region);

    /// <summary>The region's dispatcher lease; a broker's publisher holds it too, so it runs where the sequences are assigned.</summary>
    public static string LeaseNameOf(string region) => "dispatcher:" + region;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quick = QuickLooks.Length;
        while (!stoppingToken.IsCancellationRequested)
        {
            var appended = signals.Appended.Next;
            var published = 0;
            try
            {
                if (await leases.TryHoldAsync(LeaseName, stoppingToken))
                {
                    published = await PublishPendingAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                EventsLog.DispatchFailed(logger, exception);
            }
            if (published > 0)
            {
                quick = QuickLooks.Length;
                continue;
            }
            if (quick < QuickLooks.Length)
            {
                await Task.Delay(QuickLooks[quick++], time, stoppingToken);
                continue;
            }
            try
            {
                if (await Signal.WaitAsync(appended, options.Value.PollInterval, time, stoppingToken))
                {
                    quick = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await leases.ReleaseAsync(LeaseName, cancellationToken);
    }

    /// <summary>Publishes every committed, unpublished row, batch by batch; returns how many.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var batch = await SequenceBatchAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }
            await transport.PublishAsync(batch, cancellationToken);
            metrics.Published(batch.Count, batch[^1].Sequence);
            EventsLog.Published(logger, batch.Count, batch[0].Sequence, batch[^1].Sequence);
            total += batch.Count;
            if (batch.Count < options.Value.BatchSize)
            {
                return total;
            }
        }
    }

    private async Task<IReadOnlyList<EventEnvelope>> SequenceBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        if (!await db.Outbox.AnyAsync(e => e.Sequence == null, cancellationToken))
        {
            return [];
        }
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var dbTransaction = transaction.GetDbTransaction();
        var stillHeld = await Sql.ExecuteAsync(dbTransaction,
            """UPDATE "events_leases" SET "ExpiresAt" = "ExpiresAt" WHERE "Name" = @name AND "Holder" = @holder AND "ExpiresAt" > @now""",
            cancellationToken, ("@name", LeaseName), ("@holder", leases.Holder), ("@now", Sql.Ms(now)));
        if (stillHeld != 1)
        {
            return [];
        }
        var last = await db.Outbox.MaxAsync(e => e.Sequence, cancellationToken) ?? 0;
        var rows = await db.Outbox.AsNoTracking()
            .Where(e => e.Sequence == null)
            .OrderBy(e => e.Position)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            row.Sequence = ++last;
            row.PublishedAt = Sql.Ms(now);
            var assigned = await Sql.ExecuteAsync(dbTransaction,
                """UPDATE "events_outbox" SET "Sequence" = @sequence, "PublishedAt" = @at WHERE "Position" = @position AND "Sequence" IS NULL""",
                cancellationToken, ("@sequence", row.Sequence), ("@at", row.PublishedAt), ("@position", row.Position));
            if (assigned != 1)
            {
                throw new InvalidOperationException($"Event {row.EventId} was sequenced by another dispatcher; this pass rolls back.");
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return rows.Select(r => r.ToEnvelope()).ToList();
    }
}
