using Meridian.Events.Data;
using Meridian.Events.Outbox;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Events.Dispatch;

/// <summary>
/// The embedded transport: the outbox table is the log. Publishing only wakes this process's consumers
/// (other replicas' consumers find the events on their next poll); consumers read the published rows
/// after their checkpoint, and the checkpoint committed with the inbox row is the acknowledgement.
/// A broker transport reads through it too: to fill what the broker did not deliver, and while the broker is down.
/// </summary>
internal sealed class DatabaseLogTransport(IServiceScopeFactory scopes, EventSignals signals, TimeProvider time) : IEventTransport
{
    public Task PublishAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken)
    {
        signals.Published.Pulse();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<EventEnvelope>> ReceiveAsync(string consumer, long after, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        var next = signals.Published.Next;
        var events = await ReadAsync(after, through: null, max, cancellationToken);
        if (events.Count == 0 && await Signal.WaitAsync(next, wait, time, cancellationToken))
        {
            events = await ReadAsync(after, through: null, max, cancellationToken);
        }
        return events;
    }

    public Task AckAsync(string consumer, EventEnvelope envelope, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Up to <paramref name="max"/> published events after <paramref name="after"/> (and up to <paramref name="through"/>), in sequence order.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> ReadAsync(long after, long? through, int max, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        var rows = await db.Outbox.AsNoTracking()
            .Where(e => e.Sequence > after && (through == null || e.Sequence <= through))
            .OrderBy(e => e.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.ToEnvelope()).ToList();
    }
}
