using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Meridian.Events;

/// <summary>
/// The backbone's metrics (meter <c>Meridian.Events</c>): events published, handled and dead-lettered,
/// and each consumer's lag, the published sequences it has not dealt with yet. Consumer names are the
/// only tag: no event data reaches a metric.
/// </summary>
internal sealed class EventsMetrics
{
    public const string MeterName = "Meridian.Events";

    private readonly Counter<long> _published;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _deadLettered;
    private readonly ConcurrentDictionary<string, long> _checkpoints = new(StringComparer.Ordinal);
    private long _lastPublished;

    public EventsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>("meridian.events.published", "{event}", "Events the dispatcher published.");
        _handled = meter.CreateCounter<long>("meridian.events.handled", "{event}", "Events a consumer handled, by consumer.");
        _deadLettered = meter.CreateCounter<long>("meridian.events.dead_lettered", "{event}", "Events a consumer gave up on, by consumer.");
        meter.CreateObservableGauge("meridian.events.consumer.lag", ObserveLag, "{event}", "Published events a consumer has not dealt with yet.");
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

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        var last = Interlocked.Read(ref _lastPublished);
        foreach (var (consumer, checkpoint) in _checkpoints)
        {
            yield return new Measurement<long>(Math.Max(0, last - checkpoint), new KeyValuePair<string, object?>("consumer", consumer));
        }
    }
}
