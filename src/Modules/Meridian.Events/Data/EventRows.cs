using System.Text.Json;
using Meridian.SharedKernel.Events;

namespace Meridian.Events.Data;

/// <summary>
/// One event of the outbox. Times are Unix milliseconds in plain integer columns, because the outbox is
/// written with hand-written SQL inside other modules' transactions and must read the same on SQLite and
/// PostgreSQL without a provider's value converter.
/// </summary>
internal sealed class OutboxEvent
{
    /// <summary>Insertion order; on PostgreSQL not commit order, so the dispatcher never uses it as a cursor.</summary>
    public long Position { get; init; }
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public required string Source { get; init; }
    public required string Subject { get; init; }
    public long Time { get; init; }
    public required string Data { get; init; }

    /// <summary>Assigned by the dispatcher when it publishes; strictly increasing in commit order; the feed cursor.</summary>
    public long? Sequence { get; set; }
    public long? PublishedAt { get; set; }

    public EventEnvelope ToEnvelope()
    {
        using var data = JsonDocument.Parse(Data);
        return new EventEnvelope(EventId, Type, Source, Subject, DateTimeOffset.FromUnixTimeMilliseconds(Time), Sequence ?? 0, data.RootElement.Clone());
    }
}

/// <summary>A consumer has taken effect of an event: the primary key makes a redelivery a no-op.</summary>
internal sealed class InboxEntry
{
    public required string Consumer { get; init; }
    public required string EventId { get; init; }
    public long ProcessedAt { get; init; }
}

/// <summary>The last sequence a consumer has dealt with (handled, skipped or dead-lettered).</summary>
internal sealed class Checkpoint
{
    public required string Consumer { get; init; }
    public long Sequence { get; set; }
    public long UpdatedAt { get; set; }
}

/// <summary>
/// How far a broker transport has acknowledged the log: every event up to <see cref="Sequence"/> is stored by the
/// broker (NATS answered its publish with a PubAck). The publisher moves it forward only, and republishes from it
/// after an outage.
/// </summary>
internal sealed class TransportCheckpoint
{
    public required string Transport { get; init; }
    public long Sequence { get; set; }
    public long UpdatedAt { get; set; }
}

/// <summary>Who runs a singleton job of the region (the dispatcher, one consumer) and until when.</summary>
internal sealed class Lease
{
    public required string Name { get; init; }
    public required string Holder { get; set; }
    public long ExpiresAt { get; set; }
}

/// <summary>An event a consumer gave up on after its attempts ran out; replayable through the admin API.</summary>
internal sealed class DeadLetter
{
    public required string Id { get; init; }
    public required string Consumer { get; init; }
    public required string EventId { get; init; }
    public long Sequence { get; init; }
    public int Attempts { get; set; }
    public required string ErrorType { get; set; }
    public required string ErrorMessage { get; set; }
    public long FailedAt { get; set; }
    public long? ReplayedAt { get; set; }
}
