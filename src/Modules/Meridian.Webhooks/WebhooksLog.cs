using Microsoft.Extensions.Logging;

namespace Meridian.Webhooks;

/// <summary>
/// The webhooks module's log messages; event ids 9000–9099. Endpoint and delivery ids only: never a secret,
/// a URL (it may carry a receiver's token) or a payload (customer events hold personal data).
/// </summary>
internal static partial class WebhooksLog
{
    [LoggerMessage(9000, LogLevel.Information, "Webhook endpoint {EndpointId} registered")]
    public static partial void EndpointRegistered(this ILogger logger, string endpointId);

    [LoggerMessage(9001, LogLevel.Information, "Webhook endpoint {EndpointId} secret rotated; the previous one signs until {Until}")]
    public static partial void SecretRotated(this ILogger logger, string endpointId, DateTimeOffset until);

    [LoggerMessage(9002, LogLevel.Debug, "Webhook delivery {DeliveryId} of {EventType} delivered to {EndpointId} ({StatusCode})")]
    public static partial void Delivered(this ILogger logger, string deliveryId, string eventType, string endpointId, int statusCode);

    [LoggerMessage(9003, LogLevel.Information, "Webhook delivery {DeliveryId} to {EndpointId} attempt {Attempt} failed ({StatusCode}): {Error}; next at {NextAttemptAt}")]
    public static partial void AttemptFailed(this ILogger logger, string deliveryId, string endpointId, int attempt, int? statusCode, string? error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(9004, LogLevel.Warning, "Webhook delivery {DeliveryId} to {EndpointId} ran out of retries after {Attempts} attempts")]
    public static partial void DeliveryFailed(this ILogger logger, string deliveryId, string endpointId, int attempts);

    [LoggerMessage(9005, LogLevel.Warning, "Webhook endpoint {EndpointId} disabled: {Reason}")]
    public static partial void EndpointDisabled(this ILogger logger, string endpointId, string reason);

    [LoggerMessage(9006, LogLevel.Error, "A webhook delivery pass failed; the next pass retries")]
    public static partial void PassFailed(this ILogger logger, Exception exception);

    [LoggerMessage(9007, LogLevel.Information, "Webhook delivery {DeliveryId} queued for redelivery")]
    public static partial void Redelivery(this ILogger logger, string deliveryId);

    [LoggerMessage(9008, LogLevel.Information, "Webhooks key ring: {Count} key files of {Folder} imported into the database ring; the folder is no longer used")]
    public static partial void KeyRingImported(this ILogger logger, int count, string folder);

    [LoggerMessage(9009, LogLevel.Warning, "Webhooks key ring: ImportKeyRingFrom names {Folder}, which holds no key files; nothing was imported")]
    public static partial void KeyRingFolderEmpty(this ILogger logger, string folder);
}
