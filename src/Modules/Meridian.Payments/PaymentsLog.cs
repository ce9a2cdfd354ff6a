using Meridian.Payments.Contracts;

using Microsoft.Extensions.Logging;

namespace Meridian.Payments;

/// <summary>
/// The payments module's log messages; event ids 5000–5099. Ids, statuses, codes and amounts only:
/// never a token, a card number or anything about the customer.
/// </summary>
internal static partial class PaymentsLog
{
    [LoggerMessage(5000, LogLevel.Information, "Payment {PaymentId} for order {OrderId}: {Status} via {Provider}")]
    public static partial void PaymentChanged(this ILogger logger, string paymentId, string orderId, PaymentStatus status, string provider);

    [LoggerMessage(5001, LogLevel.Information, "Payment {PaymentId} declined: {DeclineCode}")]
    public static partial void PaymentDeclined(this ILogger logger, string paymentId, string declineCode);

    [LoggerMessage(5002, LogLevel.Warning, "Payment {PaymentId}: the provider did not answer in time; outcome unknown until resolved")]
    public static partial void PaymentUnknown(this ILogger logger, string paymentId);

    [LoggerMessage(5003, LogLevel.Warning, "Payment {PaymentId}: provider error {ErrorCode}")]
    public static partial void ProviderError(this ILogger logger, string paymentId, string errorCode);

    [LoggerMessage(5004, LogLevel.Warning, "Payment {PaymentId}: the provider is unavailable (circuit open or outage)")]
    public static partial void ProviderUnavailable(this ILogger logger, string paymentId);

    [LoggerMessage(5005, LogLevel.Warning, "Rejected an authorization for order {OrderId}: a card number was sent instead of a provider token")]
    public static partial void CardNumberRejected(this ILogger logger, string orderId);

    [LoggerMessage(5006, LogLevel.Information, "Payment {PaymentId} resolved from {From} to {To} by asking the provider")]
    public static partial void PaymentResolved(this ILogger logger, string paymentId, PaymentStatus from, PaymentStatus to);

    [LoggerMessage(5007, LogLevel.Information, "Payment recovery: {Examined} examined, {Authorized} authorized, {Voided} voided, {Failed} failed, {StillUnknown} still unknown")]
    public static partial void Recovered(this ILogger logger, int examined, int authorized, int voided, int failed, int stillUnknown);

    [LoggerMessage(5008, LogLevel.Error, "Payment recovery run failed")]
    public static partial void RecoveryFailed(this ILogger logger, Exception exception);

    [LoggerMessage(5009, LogLevel.Information, "Refund {RefundId} of payment {PaymentId}: {Amount} {Currency}")]
    public static partial void Refunded(this ILogger logger, string refundId, string paymentId, long amount, string currency);

    [LoggerMessage(5010, LogLevel.Warning, "The {Provider} provider's circuit opened for {BreakSeconds} s")]
    public static partial void CircuitOpened(this ILogger logger, string provider, double breakSeconds);
}
