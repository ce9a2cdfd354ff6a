using Meridian.Events.Data;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Meridian.Events.Dispatch.Nats;

/// <summary>
/// Publishes the region's sequenced events to its NATS stream from a durable watermark, the row of
/// <c>events_transport_checkpoints</c> named after the stream: in sequence order, each with its event id as
/// <c>Nats-Msg-Id</c>, each awaited until the stream's PubAck (stored on disk), and the watermark moves only over
/// acknowledged events. It runs beside the dispatcher (on the replica holding the dispatcher's lease) rather than
/// inside it, so sequencing never waits for NATS: with NATS down the dispatcher carries on, consumers read the
/// database log, and this publisher republishes from the watermark once NATS answers again (an event already
/// stored inside the de-duplication window is stored once). The watermark of a new stream starts at the end of
/// the log: consumers read anything older from the database.
/// </summary>
internal sealed class NatsPublisher(
    IServiceScopeFactory scopes,
    NatsLink link,
    DatabaseLogTransport log,
    Leases leases,
    EventsMetrics metrics,
    TimeProvider time,
    IOptions<EventsOptions> options,
    IOptions<ServerOptions> server,
    ILogger<NatsPublisher> logger) : BackgroundService
{
    private readonly Signal _wake = new();

    private string Transport => "nats:" + link.StreamName;

    /// <summary>New sequences are committed: publish them now rather than at the next poll.</summary>
    public void Wake() => _wake.Pulse();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        link.Connection.ConnectionOpened += WakeOnReconnect;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var woken = _wake.Next;
                try
                {
                    if (await leases.TryHoldAsync(Dispatcher.LeaseNameOf(server.Value.Region), stoppingToken))
                    {
                        await PublishPendingAsync(stoppingToken);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    EventsLog.NatsPublisherFailed(logger, exception);
                }
                if (!await BackgroundIntervals.NextAsync(woken, options.Value.PollInterval, time, stoppingToken))
                {
                    break;
                }
            }
        }
        finally
        {
            link.Connection.ConnectionOpened -= WakeOnReconnect;
        }
    }

    private ValueTask WakeOnReconnect(object? sender, NatsEventArgs args)
    {
        Wake();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Publishes every sequenced event after the watermark, batch by batch, and moves the watermark over what NATS
    /// acknowledged; stops at the first NATS failure (the events from there go again on the next pass). Returns how
    /// many events NATS acknowledged.
    /// </summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        var watermark = await ReadWatermarkAsync(cancellationToken);
        while (true)
        {
            metrics.TransportAt(watermark);
            var batch = await log.ReadAsync(watermark, through: null, options.Value.BatchSize, cancellationToken);
            if (batch.Count == 0 || !await link.TryReadyAsync(cancellationToken))
            {
                return total;
            }
            metrics.SawPublished(batch[^1].Sequence);
            var acknowledged = await PublishAsync(batch, cancellationToken);
            if (acknowledged.Count > 0)
            {
                watermark = acknowledged[^1].Sequence;
                await AdvanceWatermarkAsync(watermark, cancellationToken);
                metrics.TransportPublished(acknowledged.Count);
                EventsLog.NatsPublished(logger, acknowledged.Count, acknowledged[0].Sequence, watermark);
                total += acknowledged.Count;
            }
            if (acknowledged.Count < batch.Count)
            {
                metrics.TransportAt(watermark);
                return total;
            }
        }
    }

    /// <summary>Publishes one after the other, each awaited until its PubAck; returns those acknowledged, up to the first failure.</summary>
    private async Task<IReadOnlyList<EventEnvelope>> PublishAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken)
    {
        var acknowledged = new List<EventEnvelope>(batch.Count);
        try
        {
            foreach (var envelope in batch)
            {
                using var timeout = link.Bounded(cancellationToken);
                var ack = await link.JetStream.PublishAsync(
                    link.Subject(envelope.Type), envelope.ToCloudEventJson(),
                    opts: new NatsJSPubOpts { MsgId = envelope.Id }, headers: NatsEventMessage.Headers(envelope),
                    cancellationToken: timeout.Token);
                // A duplicate is a success: the stream already holds the event from an earlier attempt.
                if (!ack.Duplicate)
                {
                    ack.EnsureSuccess();
                }
                acknowledged.Add(envelope);
            }
            link.Succeeded();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.TransportPublishFailed();
            link.Failed("publish", exception);
            // A publish nobody answered can mean the stream is gone (a NATS server that lost its store): set it up again first.
            link.SetUpAgain();
        }
        return acknowledged;
    }

    /// <summary>The watermark: every event up to it is stored in the stream. Created at the end of the log for a new stream.</summary>
    public async Task<long> ReadWatermarkAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        var watermark = await db.TransportCheckpoints.AsNoTracking().Where(t => t.Transport == Transport)
            .Select(t => (long?)t.Sequence).SingleOrDefaultAsync(cancellationToken);
        if (watermark is { } known)
        {
            return known;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        // WHERE 1 = 1 keeps SQLite from reading ON CONFLICT as a join's ON.
        await Sql.ExecuteAsync(db.Database.GetDbConnection(),
            """
            INSERT INTO "events_transport_checkpoints" ("Transport", "Sequence", "UpdatedAt")
            SELECT @transport, COALESCE(MAX("Sequence"), 0), @at FROM "events_outbox" WHERE 1 = 1
            ON CONFLICT DO NOTHING
            """,
            cancellationToken, ("@transport", Transport), ("@at", Sql.Ms(time.GetUtcNow())));
        return await db.TransportCheckpoints.AsNoTracking().Where(t => t.Transport == Transport).Select(t => t.Sequence).SingleAsync(cancellationToken);
    }

    private async Task AdvanceWatermarkAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        // Forward only: a replica that lost the lease mid-pass cannot move its successor's watermark back.
        await Sql.ExecuteAsync(db.Database.GetDbConnection(),
            """UPDATE "events_transport_checkpoints" SET "Sequence" = @sequence, "UpdatedAt" = @at WHERE "Transport" = @transport AND "Sequence" < @sequence""",
            cancellationToken, ("@transport", Transport), ("@sequence", sequence), ("@at", Sql.Ms(time.GetUtcNow())));
    }
}
