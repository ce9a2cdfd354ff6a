using Microsoft.Extensions.Logging;

namespace Meridian.Events;

/// <summary>The events module's log messages; event ids 9500–9599. Event ids, types, sequences and consumer names only: never a payload.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(9500, LogLevel.Debug, "Published {Count} events, sequences {First}–{Last}")]
    public static partial void Published(ILogger logger, int count, long first, long last);

    [LoggerMessage(9501, LogLevel.Warning, "The dispatcher's pass failed; it tries again on its next poll")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(9502, LogLevel.Warning, "Consumer {Consumer}: attempt {Attempt} at {EventType} {EventId} failed with {ErrorType}; retrying in {Delay}")]
    public static partial void HandlerFailed(ILogger logger, string consumer, int attempt, string eventType, string eventId, string errorType, TimeSpan delay);

    [LoggerMessage(9503, LogLevel.Error, "Consumer {Consumer}: {EventType} {EventId} dead-lettered after {Attempts} attempts ({ErrorType})")]
    public static partial void DeadLettered(ILogger logger, string consumer, string eventType, string eventId, int attempts, string errorType);

    [LoggerMessage(9504, LogLevel.Warning, "Consumer {Consumer}: its loop failed; it starts again after the poll interval")]
    public static partial void ConsumerLoopFailed(ILogger logger, string consumer, Exception exception);

    [LoggerMessage(9505, LogLevel.Information, "Consumer {Consumer}: {EventType} {EventId} replayed by an operator")]
    public static partial void Replayed(ILogger logger, string consumer, string eventType, string eventId);

    [LoggerMessage(9506, LogLevel.Information, "Retention removed {Events} published events and {InboxRows} inbox rows")]
    public static partial void Swept(ILogger logger, int events, int inboxRows);

    [LoggerMessage(9507, LogLevel.Warning, "NATS failed at {Operation} ({ErrorType}): publishing to it resumes from the watermark when it answers, and consumers read the database log meanwhile")]
    public static partial void NatsFailing(ILogger logger, string operation, string errorType, Exception? exception);

    [LoggerMessage(9508, LogLevel.Debug, "NATS is still failing, at {Operation} ({ErrorType})")]
    public static partial void NatsStillFailing(ILogger logger, string operation, string errorType, Exception? exception);

    [LoggerMessage(9509, LogLevel.Information, "NATS answers again after {Duration} of failures")]
    public static partial void NatsRecovered(ILogger logger, TimeSpan duration);

    [LoggerMessage(9510, LogLevel.Debug, "NATS acknowledged {Count} events, sequences {First}–{Last}")]
    public static partial void NatsPublished(ILogger logger, int count, long first, long last);

    [LoggerMessage(9511, LogLevel.Information, "Consumer {Consumer}: NATS did not deliver sequences {First}–{Last}; read {Count} events from the database log")]
    public static partial void RepairedFromDatabase(ILogger logger, string consumer, long first, long last, int count);

    [LoggerMessage(9512, LogLevel.Information, "Consumer {Consumer}: NATS has been failing for {FailingFor}; reading the database log until it answers")]
    public static partial void ReadingDatabaseLog(ILogger logger, string consumer, TimeSpan failingFor);

    [LoggerMessage(9513, LogLevel.Information, "Consumer {Consumer}: back on NATS")]
    public static partial void BackOnNats(ILogger logger, string consumer);

    [LoggerMessage(9514, LogLevel.Warning, "Consumer {Consumer}: NATS message {StreamSequence} is not a Meridian event; it was terminated")]
    public static partial void UnreadableMessage(ILogger logger, string consumer, ulong streamSequence, Exception? exception);

    [LoggerMessage(9515, LogLevel.Warning, "The NATS publisher's pass failed; it tries again on its next poll")]
    public static partial void NatsPublisherFailed(ILogger logger, Exception exception);
}
