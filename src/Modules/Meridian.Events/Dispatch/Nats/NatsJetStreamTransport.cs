using System.Collections.Concurrent;
using System.Text.Json;
using Meridian.Events.Outbox;
using Meridian.SharedKernel.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Meridian.Events.Dispatch.Nats;

/// <summary>
/// NATS JetStream as the event transport (production; on when <c>ConnectionStrings:Nats</c> is set). Publishing wakes
/// the <see cref="NatsPublisher"/>, which stores the sequenced events in the region's stream. Each consumer reads
/// through a durable pull consumer of its own (explicit acks) and acks a message only once the consumer's inbox
/// transaction has committed. The database log stays the authority on what a consumer must see:
/// <list type="bullet">
/// <item>a message at or below the consumer's checkpoint is acked and dropped: it was dealt with already;</item>
/// <item>when NATS delivers a sequence past checkpoint + 1, or delivers nothing although the watermark says the
/// stream holds more (the broker lost messages, the stream was purged, or they wait for another process's ack),
/// the missing events are read from the database log, so the consumer still sees every event in sequence order;</item>
/// <item>when NATS has been failing for <see cref="NatsOptions.FallbackAfter"/>, the consumer reads the database log
/// directly, tries NATS again each <see cref="NatsOptions.FallbackAfter"/>, and goes back to it once it answers.</item>
/// </list>
/// Per consumer, the state here is touched only by that consumer's one loop in <see cref="Consumers.ConsumerRunner"/>.
/// </summary>
internal sealed class NatsJetStreamTransport(
    NatsLink link,
    NatsPublisher publisher,
    DatabaseLogTransport log,
    EventSignals signals,
    EventsMetrics metrics,
    TimeProvider time,
    IOptions<NatsOptions> options,
    ILogger<NatsJetStreamTransport> logger) : IEventTransport
{
    /// <summary>NATS.Net refuses a waiting fetch that expires sooner.</summary>
    private static readonly TimeSpan ShortestFetch = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ConsumerState> _consumers = new(StringComparer.Ordinal);

    /// <summary>Whether <c>ConnectionStrings:Nats</c> is set, which switches this transport on.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(NatsOptions.ConnectionStringName));

    public Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken)
    {
        publisher.Wake();
        // Consumers reading the database log while NATS is down wait for this, as with the embedded transport.
        signals.Published.Pulse();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<EventEnvelope>> ReceiveAsync(string consumer, long after, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        var state = _consumers.GetOrAdd(consumer, name => new ConsumerState(name));
        await AckHandledAsync(state, after, cancellationToken);
        var fallback = options.Value.FallbackAfter;
        if (link.FailingFor >= fallback && !state.ProbeDue(time, fallback))
        {
            return await FromDatabaseAsync(state, after, max, wait, cancellationToken);
        }
        if (state.Pending.Count == 0)
        {
            // Read before fetching: whatever the watermark covers was in the stream before the fetch asked for it.
            var watermark = await publisher.ReadWatermarkAsync(cancellationToken);
            var received = await FetchAsync(state, after, max, wait, cancellationToken);
            if (received is null)
            {
                if (link.FailingFor >= fallback)
                {
                    return await FromDatabaseAsync(state, after, max, wait, cancellationToken);
                }
                // NATS has only just started failing: wait a poll, rather than spin, until the fallback's turn comes.
                await Task.Delay(wait, time, cancellationToken);
                return [];
            }
            if (state.InFallback)
            {
                state.InFallback = false;
                EventsLog.BackOnNats(logger, consumer);
            }
            if (state.Pending.Count == 0)
            {
                // Only stale messages came: fetch again at once. Nothing at all came: the stream may lack what the watermark covers.
                return received == 0 && watermark > after ? await RepairTailAsync(state, after, watermark, max, cancellationToken) : [];
            }
        }
        return await NextRunAsync(state, after, max, cancellationToken);
    }

    public async Task AckAsync(string consumer, EventEnvelope envelope, CancellationToken cancellationToken)
    {
        if (_consumers.TryGetValue(consumer, out var state) && state.Pending.Remove(envelope.Sequence, out var delivery))
        {
            await AckAsync(delivery.Message, cancellationToken);
        }
    }

    /// <summary>Acks what the consumer's checkpoint has passed without an <see cref="AckAsync(string, EventEnvelope, CancellationToken)"/>: skipped types, events read from the database.</summary>
    private async Task AckHandledAsync(ConsumerState state, long after, CancellationToken cancellationToken)
    {
        while (state.Pending.Count > 0 && state.Pending.First() is var (sequence, delivery) && sequence <= after)
        {
            state.Pending.Remove(sequence);
            await AckAsync(delivery.Message, cancellationToken);
        }
    }

    private async Task AckAsync(INatsJSMsg<byte[]> message, CancellationToken cancellationToken)
    {
        if (link.Connection.ConnectionState != NatsConnectionState.Open)
        {
            // NATS delivers it again later, and then it is dropped as handled.
            return;
        }
        using var timeout = link.Bounded(cancellationToken);
        try
        {
            await message.AckAsync(cancellationToken: timeout.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            link.Failed("ack", exception);
        }
    }

    /// <summary>
    /// Takes what NATS has for the consumer: everything available without waiting, or else the first message to
    /// arrive within the poll. Returns how many messages came, stale ones included; null when NATS failed.
    /// </summary>
    private async Task<int?> FetchAsync(ConsumerState state, long after, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!await link.TryReadyAsync(cancellationToken))
        {
            return null;
        }
        try
        {
            var consumer = await ConsumerAsync(state, cancellationToken);
            var expires = wait > ShortestFetch ? wait : ShortestFetch;
            using var timeout = link.Bounded(cancellationToken, expires);
            var received = 0;
            await foreach (var message in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = max }, cancellationToken: timeout.Token))
            {
                received++;
                await TakeAsync(state, message, after, timeout.Token);
            }
            if (received == 0)
            {
                // One message, so the fetch completes as soon as it arrives; the next call takes whatever followed it.
                await foreach (var message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1, Expires = expires }, cancellationToken: timeout.Token))
                {
                    received++;
                    await TakeAsync(state, message, after, timeout.Token);
                }
            }
            // A fetch ends quietly when its token is cancelled: one cut off by the timeout, not by the host stopping, is a
            // failure, not an empty stream.
            cancellationToken.ThrowIfCancellationRequested();
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException("The fetch did not complete within the NATS timeout.");
            }
            link.Succeeded();
            return received;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            link.Failed("fetch", exception);
            // The durable may be gone (a NATS server that lost its store): set it up again on the next try.
            state.Consumer = null;
            return null;
        }
    }

    private async Task<INatsJSConsumer> ConsumerAsync(ConsumerState state, CancellationToken cancellationToken)
    {
        var generation = link.Generation;
        if (state.Consumer is { } consumer && state.Generation == generation)
        {
            return consumer;
        }
        using var timeout = link.Bounded(cancellationToken);
        state.Consumer = await link.JetStream.CreateOrUpdateConsumerAsync(link.StreamName, new ConsumerConfig(NatsLink.DurableName(state.Name))
        {
            Description = $"Meridian consumer {state.Name}",
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            // A new durable starts at the stream's end; whatever came before it is read from the database log as a gap.
            DeliverPolicy = ConsumerConfigDeliverPolicy.New,
            FilterSubject = link.SubjectPrefix + ">",
            AckWait = options.Value.AckWait,
        }, timeout.Token);
        state.Generation = generation;
        return state.Consumer;
    }

    /// <summary>Acks and drops a message the consumer has dealt with; keeps a later one until the consumer handled it.</summary>
    private async Task TakeAsync(ConsumerState state, INatsJSMsg<byte[]> message, long after, CancellationToken cancellationToken)
    {
        var sequence = NatsEventMessage.SequenceOf(message.Headers);
        if (sequence <= after)
        {
            await message.AckAsync(cancellationToken: cancellationToken);
            return;
        }
        EventEnvelope envelope;
        try
        {
            envelope = sequence is null || message.Data is null
                ? throw new JsonException($"The message has no body or no {NatsEventMessage.SequenceHeader} header.")
                : EventEnvelope.FromCloudEventJson(message.Data);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or InvalidOperationException or KeyNotFoundException)
        {
            // Not something Meridian published; redelivering it would only fail again.
            EventsLog.UnreadableMessage(logger, state.Name, message.Metadata?.Sequence.Stream ?? 0, exception);
            await message.AckTerminateAsync(cancellationToken: cancellationToken);
            return;
        }
        state.Pending[sequence.Value] = new Delivery(message, envelope with { Sequence = sequence.Value });
    }

    /// <summary>The events after the checkpoint, in order: NATS's messages from checkpoint + 1 on, or the database log's for a gap before them.</summary>
    private async Task<IReadOnlyList<EventEnvelope>> NextRunAsync(ConsumerState state, long after, int max, CancellationToken cancellationToken)
    {
        var first = state.Pending.First().Key;
        if (first > after + 1)
        {
            var missing = await log.ReadAsync(after, through: first - 1, max, cancellationToken);
            if (missing.Count > 0)
            {
                metrics.ReadFromDatabase(state.Name, missing.Count, "gap");
                EventsLog.RepairedFromDatabase(logger, state.Name, after + 1, first - 1, missing.Count);
                return missing;
            }
            // Retention has removed them from the log too: nothing is left to deliver before what NATS has.
        }
        var run = new List<EventEnvelope>();
        var expected = first;
        foreach (var (sequence, delivery) in state.Pending)
        {
            if (sequence != expected || run.Count == max)
            {
                break;
            }
            run.Add(delivery.Envelope);
            expected++;
        }
        return run;
    }

    /// <summary>NATS delivered nothing although its stream holds events up to the watermark: read them from the database log.</summary>
    private async Task<IReadOnlyList<EventEnvelope>> RepairTailAsync(ConsumerState state, long after, long watermark, int max, CancellationToken cancellationToken)
    {
        var missing = await log.ReadAsync(after, through: watermark, max, cancellationToken);
        if (missing.Count > 0)
        {
            metrics.ReadFromDatabase(state.Name, missing.Count, "gap");
            EventsLog.RepairedFromDatabase(logger, state.Name, after + 1, missing[^1].Sequence, missing.Count);
            // The durable itself may have been lost with the messages: set it up again before the next fetch.
            state.Consumer = null;
        }
        return missing;
    }

    private async Task<IReadOnlyList<EventEnvelope>> FromDatabaseAsync(ConsumerState state, long after, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!state.InFallback)
        {
            state.InFallback = true;
            EventsLog.ReadingDatabaseLog(logger, state.Name, link.FailingFor);
        }
        var events = await log.ReceiveAsync(state.Name, after, max, wait, cancellationToken);
        if (events.Count > 0)
        {
            metrics.ReadFromDatabase(state.Name, events.Count, "unreachable");
        }
        return events;
    }

    private sealed record Delivery(INatsJSMsg<byte[]> Message, EventEnvelope Envelope);

    private sealed class ConsumerState(string name)
    {
        private long _nextProbe;

        public string Name { get; } = name;

        public INatsJSConsumer? Consumer { get; set; }

        public long Generation { get; set; }

        /// <summary>Messages NATS delivered after the checkpoint and nobody has acked yet, by sequence.</summary>
        public SortedDictionary<long, Delivery> Pending { get; } = [];

        public bool InFallback { get; set; }

        /// <summary>Whether a consumer on the database log should try NATS now; at most once per <paramref name="interval"/>.</summary>
        public bool ProbeDue(TimeProvider time, TimeSpan interval)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (now < _nextProbe)
            {
                return false;
            }
            _nextProbe = now + (long)interval.TotalMilliseconds;
            return true;
        }
    }
}
