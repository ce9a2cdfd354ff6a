using Meridian.SharedKernel.Events;

namespace Meridian.Events.Dispatch;

/// <summary>
/// How published events travel from the dispatcher to the consumers. The database log stays the
/// authority whatever the transport: an event exists once its sequence is committed, and a transport
/// that lost messages is repaired from the log, by publishing a range of it again (so publishing must be
/// idempotent by event id: a broker's de-duplication window) and by consumers reading what the broker
/// did not deliver. Two implementations: <see cref="DatabaseLogTransport"/> (the embedded default) and
/// <see cref="Nats.NatsJetStreamTransport"/> (production).
/// </summary>
internal interface IEventTransport
{
    /// <summary>
    /// Hands over events whose sequence is committed, in sequence order. It must not throw or wait for a broker that
    /// is down: the sequences are committed either way, and a broker transport publishes from the log at its own pace.
    /// </summary>
    Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> events for <paramref name="consumer"/> after sequence <paramref name="after"/>,
    /// in sequence order; waits up to <paramref name="wait"/> when there are none yet.
    /// </summary>
    Task<IReadOnlyList<EventEnvelope>> ReceiveAsync(string consumer, long after, int max, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>The consumer's inbox transaction for <paramref name="envelope"/> committed: the transport may forget it.</summary>
    Task AckAsync(string consumer, EventEnvelope envelope, CancellationToken cancellationToken);
}
