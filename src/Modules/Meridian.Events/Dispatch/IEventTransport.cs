using Meridian.SharedKernel.Events;

namespace Meridian.Events.Dispatch;

/// <summary>
/// How published events travel from the dispatcher to the consumers. The database log stays the
/// authority whatever the transport: an event exists once its sequence is committed, and a transport
/// that lost messages is repaired by publishing a range of the log again, which is why
/// <see cref="PublishAsync"/> must be idempotent by event id (a broker's de-duplication window).
/// </summary>
internal interface IEventTransport
{
    /// <summary>Publishes events whose sequence is committed, in sequence order.</summary>
    Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> events for <paramref name="consumer"/> after sequence <paramref name="after"/>,
    /// in sequence order; waits up to <paramref name="wait"/> when there are none yet.
    /// </summary>
    Task<IReadOnlyList<EventEnvelope>> ReceiveAsync(string consumer, long after, int max, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>The consumer's inbox transaction for <paramref name="envelope"/> committed: the transport may forget it.</summary>
    Task AckAsync(string consumer, EventEnvelope envelope, CancellationToken cancellationToken);
}
