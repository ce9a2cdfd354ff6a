using Microsoft.Extensions.Logging;

namespace Meridian.Checkout;

/// <summary>The checkout module's log messages; event ids 8000–8099. Ids and codes only: never an email, an address or a payment token.</summary>
internal static partial class CheckoutLog
{
    [LoggerMessage(8000, LogLevel.Information, "Checkout of cart {CartId} created pending order {OrderId}")]
    public static partial void OrderCreated(this ILogger logger, string cartId, string orderId);

    [LoggerMessage(8001, LogLevel.Information, "Order {OrderId} placed with payment {PaymentId}")]
    public static partial void OrderPlaced(this ILogger logger, string orderId, string paymentId);

    [LoggerMessage(8002, LogLevel.Information, "Payment of order {OrderId} failed ({Reason}); stock and promotions released")]
    public static partial void PaymentFailed(this ILogger logger, string orderId, string reason);

    [LoggerMessage(8003, LogLevel.Warning, "Payment of order {OrderId} is {Outcome}; the order stays pending for the recovery job")]
    public static partial void PaymentUnsettled(this ILogger logger, string orderId, string outcome);

    [LoggerMessage(8004, LogLevel.Information, "Checkout of cart {CartId} refused: {Reason}")]
    public static partial void CheckoutRefused(this ILogger logger, string cartId, string reason);

    [LoggerMessage(8005, LogLevel.Information, "Recovery examined {Examined} pending orders: {Placed} placed, {Failed} failed, {Unsettled} still unsettled")]
    public static partial void RecoveryRan(this ILogger logger, int examined, int placed, int failed, int unsettled);

    [LoggerMessage(8006, LogLevel.Warning, "The checkout recovery run failed; it runs again at the next interval")]
    public static partial void RecoveryFailed(this ILogger logger, Exception exception);

    [LoggerMessage(8007, LogLevel.Warning, "Recovery could not settle order {OrderId}")]
    public static partial void RecoveryOrderFailed(this ILogger logger, string orderId, Exception exception);
}
