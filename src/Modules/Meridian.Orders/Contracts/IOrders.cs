using System.Data.Common;

namespace Meridian.Orders.Contracts;

/// <summary>
/// What Checkout (and the recovery job) call in-process to create and settle orders. An order starts
/// <see cref="OrderStatus.Pending"/> before money moves, so a crash between authorizing and placing
/// leaves a row the recovery job can find; it becomes <see cref="OrderStatus.Placed"/> once the payment
/// is held, or <see cref="OrderStatus.Cancelled"/> when the payment failed.
/// </summary>
public interface IOrders
{
    /// <summary>
    /// Creates a pending order, idempotent by (<see cref="NewOrder.IdempotencyScope"/>, <see cref="NewOrder.IdempotencyKey"/>):
    /// a second call with the same scope and key returns the first order and creates nothing (a unique index
    /// claims the key, so two concurrent calls cannot both create one). Totals are derived from the lines and shipping.
    /// </summary>
    /// <param name="order">The order as checkout priced it.</param>
    /// <param name="transaction">Checkout's transaction to join (order, stock and outbox rows commit together), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The order is malformed (no lines, totals that do not add up, an unsupported currency).</exception>
    Task<OrderView> CreatePendingAsync(NewOrder order, DbTransaction? transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a pending order placed with its payment, whose status is <see cref="OrderPaymentStatus.Authorized"/>
    /// or <see cref="OrderPaymentStatus.Captured"/>. Calling again with the same payment returns the order as it is.
    /// </summary>
    /// <exception cref="OrderStateException">The order is not pending (cancelled, say) or the payment status is not allowed.</exception>
    /// <exception cref="KeyNotFoundException">No order has that id.</exception>
    Task<OrderView> MarkPlacedAsync(string orderId, string paymentId, OrderPaymentStatus paymentStatus, CancellationToken cancellationToken = default);

    /// <summary>
    /// The payment of a pending order failed: the order becomes cancelled with payment status failed and
    /// <paramref name="reason"/> (a code such as <c>insufficient_funds</c>, no personal data) in its history.
    /// Calling again returns the order as it is. It does not release stock: checkout does that in its transaction.
    /// </summary>
    /// <exception cref="OrderStateException">The order is already placed.</exception>
    /// <exception cref="KeyNotFoundException">No order has that id.</exception>
    Task<OrderView> MarkPaymentFailedAsync(string orderId, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels an unfulfilled order whose money someone else holds: a marketplace collected it and refunds its
    /// buyer itself, so no payment call is made here and a captured payment is recorded as refunded.
    /// <paramref name="reason"/> (a code, no personal data) goes into the order's history. Cancelling a cancelled
    /// order returns it as it is. Like checkout, it does not touch stock: the caller releases the reservation
    /// in <paramref name="transaction"/>, so both commit together, with <c>order.cancelled.v1</c> (and
    /// <c>order.refunded.v1</c> for a captured payment) appended in that same transaction.
    /// </summary>
    /// <exception cref="OrderStateException">Something already shipped, or the order is completed.</exception>
    /// <exception cref="KeyNotFoundException">No order has that id.</exception>
    Task<OrderView> CancelSettledElsewhereAsync(string orderId, string reason, DbTransaction? transaction, CancellationToken cancellationToken = default);

    /// <summary>The order, or null.</summary>
    Task<OrderView?> GetAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>The order created with this idempotency scope and key, or null.</summary>
    Task<OrderView?> FindByIdempotencyKeyAsync(string scope, string key, CancellationToken cancellationToken = default);

    /// <summary>Orders still pending after <paramref name="age"/> (oldest first, at most 500): what a crash left half-done.</summary>
    Task<IReadOnlyList<OrderView>> FindPendingOlderThanAsync(TimeSpan age, CancellationToken cancellationToken = default);
}

/// <summary>A change the order's state machines do not allow; <see cref="Exception.Message"/> names the current state.</summary>
public sealed class OrderStateException : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public OrderStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public OrderStateException()
        : base("The order's state does not allow this change.")
    {
    }

    /// <summary>Creates the error with a cause.</summary>
    public OrderStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
