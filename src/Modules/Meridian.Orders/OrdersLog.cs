using Microsoft.Extensions.Logging;

namespace Meridian.Orders;

/// <summary>The orders module's log messages; event ids 7000–7099. Ids, statuses and counts only: never an email or an address.</summary>
internal static partial class OrdersLog
{
    [LoggerMessage(7000, LogLevel.Information, "Order {OrderId} created pending with {Lines} lines")]
    public static partial void OrderCreated(ILogger logger, string orderId, int lines);

    [LoggerMessage(7001, LogLevel.Information, "Order {OrderId}: {Field} is now {Status}")]
    public static partial void StatusChanged(ILogger logger, string orderId, string field, string status);

    [LoggerMessage(7002, LogLevel.Information, "Order {OrderId}: fulfilment {FulfillmentId} of {Units} units")]
    public static partial void Fulfilled(ILogger logger, string orderId, string fulfillmentId, int units);

    [LoggerMessage(7003, LogLevel.Information, "Order {OrderId}: refunded {Amount} minor units")]
    public static partial void Refunded(ILogger logger, string orderId, long amount);

    [LoggerMessage(7004, LogLevel.Warning, "Order {OrderId}: the payment call {Call} ended {Outcome} ({Code})")]
    public static partial void PaymentCallFailed(ILogger logger, string orderId, string call, string outcome, string? code);
}
