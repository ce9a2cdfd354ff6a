using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Meridian.Events;

/// <summary>
/// The backbone's metrics (meter <c>Meridian.Events</c>): events published, handled and dead-lettered,
/// and each consumer's lag, the published sequences it has not dealt with yet; with a broker transport also
/// what the broker acknowledged, publishes that failed, the backlog behind its watermark, and the events
/// consumers had to read from the database instead. Consumer names and a reason are the only tags: no
/// event data reaches a metric.
/// </summary>
internal sealed class EventsMetrics
{
    public const string MeterName = "Meridian.Events";

    private readonly Counter<long> _published;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _transportPublished;
    private readonly Counter<long> _transportFailures;
    private readonly Counter<long> _fromDatabase;
    private readonly ConcurrentDictionary<string, long> _checkpoints = new(StringComparer.Ordinal);
    private long _lastPublished;
    private long _transportWatermark = -1;

    public EventsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>("meridian.events.published", "{event}", "Events the dispatcher published.");
        _handled = meter.CreateCounter<long>("meridian.events.handled", "{event}", "Events a consumer handled, by consumer.");
        _deadLettered = meter.CreateCounter<long>("meridian.events.dead_lettered", "{event}", "Events a consumer gave up on, by consumer.");
        meter.CreateObservableGauge("meridian.events.consumer.lag", ObserveLag, "{event}", "Published events a consumer has not dealt with yet.");
        _transportPublished = meter.CreateCounter<long>("meridian.events.transport.published", "{event}", "Events the broker acknowledged (NATS PubAck).");
        _transportFailures = meter.CreateCounter<long>("meridian.events.transport.publish_failures", "{failure}", "Publishes to the broker that failed; the publisher retries from its watermark.");
        _fromDatabase = meter.CreateCounter<long>("meridian.events.transport.from_database", "{event}",
            "Events a consumer read from the database log instead of the broker, by consumer and reason (gap: the broker did not deliver them; unreachable: the broker was down).");
        meter.CreateObservableGauge("meridian.events.transport.backlog", ObserveBacklog, "{event}", "Published events the broker has not acknowledged yet (on the replica that publishes to it).");
    }

    public void Published(int count, long lastSequence)
    {
        _published.Add(count);
        SawPublished(lastSequence);
    }

    public void SawPublished(long sequence)
    {
        long current;
        while ((current = Interlocked.Read(ref _lastPublished)) < sequence
            && Interlocked.CompareExchange(ref _lastPublished, sequence, current) != current)
        {
        }
    }

    public void Handled(string consumer) => _handled.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    public void DeadLettered(string consumer) => _deadLettered.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    public void CheckpointAt(string consumer, long sequence) => _checkpoints[consumer] = sequence;

    public void TransportPublished(int count) => _transportPublished.Add(count);

    public void TransportPublishFailed() => _transportFailures.Add(1);

    public void TransportAt(long watermark) => Interlocked.Exchange(ref _transportWatermark, watermark);

    public void ReadFromDatabase(string consumer, int count, string reason) =>
        _fromDatabase.Add(count, new KeyValuePair<string, object?>("consumer", consumer), new KeyValuePair<string, object?>("reason", reason));

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        var watermark = Interlocked.Read(ref _transportWatermark);
        if (watermark >= 0)
        {
            yield return new Measurement<long>(Math.Max(0, Interlocked.Read(ref _lastPublished) - watermark));
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        var last = Interlocked.Read(ref _lastPublished);
        foreach (var (consumer, checkpoint) in _checkpoints)
        {
            yield return new Measurement<long>(Math.Max(0, last - checkpoint), new KeyValuePair<string, object?>("consumer", consumer));
        }
    }
}
