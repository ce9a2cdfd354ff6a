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
}
