using Meridian.Marketplace.Contracts;
using Microsoft.Extensions.Logging;

namespace Meridian.Marketplace;

/// <summary>The marketplace module's log messages; event ids 9500–9599. Ids, SKUs, counts and codes only: never a buyer's name, email or address.</summary>
internal static partial class MarketplaceLog
{
    [LoggerMessage(9500, LogLevel.Information, "Marketplace order {MarketplaceOrderId} on {Channel} imported as {OrderId}")]
    public static partial void OrderImported(this ILogger logger, string channel, string marketplaceOrderId, string orderId);

    [LoggerMessage(9501, LogLevel.Information, "Marketplace order {MarketplaceOrderId} on {Channel} refused: {Reason}")]
    public static partial void OrderRefused(this ILogger logger, string channel, string marketplaceOrderId, string reason);

    [LoggerMessage(9502, LogLevel.Warning, "Inbound request on {Channel} rejected: signature {Check}")]
    public static partial void SignatureRejected(this ILogger logger, string channel, SignatureCheck check);

    [LoggerMessage(9503, LogLevel.Warning, "Acknowledging marketplace order {MarketplaceOrderId} on {Channel} failed; reconciliation retries")]
    public static partial void AcknowledgeFailed(this ILogger logger, string channel, string marketplaceOrderId, Exception exception);

    [LoggerMessage(9504, LogLevel.Information, "Pushed {Kind} of {Sku} to {Channel}: {Value}")]
    public static partial void Pushed(this ILogger logger, string channel, string kind, string sku, long value);

    [LoggerMessage(9505, LogLevel.Warning, "Event {EventId} of type {EventType} has no usable payload; skipped")]
    public static partial void EventSkipped(this ILogger logger, string eventId, string eventType);

    [LoggerMessage(9506, LogLevel.Information, "Reconciliation {RunId} of {Channel}: {Examined} examined, {Imported} imported, {Cancelled} cancelled, {Flagged} flagged")]
    public static partial void Reconciled(this ILogger logger, string runId, string channel, int examined, int imported, int cancelled, int flagged);

    [LoggerMessage(9507, LogLevel.Warning, "Scheduled reconciliation of {Channel} failed; it runs again at the next interval")]
    public static partial void ReconciliationFailed(this ILogger logger, string channel, Exception exception);

    [LoggerMessage(9508, LogLevel.Warning, "Channel {Channel} names connector {Connector}, which is not registered")]
    public static partial void UnknownConnector(this ILogger logger, string channel, string connector);
}
