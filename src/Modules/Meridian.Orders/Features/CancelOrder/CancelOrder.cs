using Meridian.Inventory.Contracts;
using Meridian.Orders.Contracts;
using Meridian.Orders.Data;
using Meridian.Orders.Domain;
using Meridian.Orders.Features.PlaceOrders;
using Meridian.Payments.Contracts;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Meridian.Orders.Features.CancelOrder;

/// <summary>
/// <c>POST /v1/orders/{id}/cancel</c> (the customer) and <c>POST /v1/admin/orders/{id}/cancel</c>: only while
/// nothing shipped. Voids an authorized payment or refunds what was captured, then releases the stock
/// reservation and cancels, in one transaction. Cancelling a cancelled order returns it as it is.
/// </summary>
internal static class CancelOrder
{
    public static void MapCancelMyOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/{id}/cancel", (string id, HttpContext http, OrdersDbContext db, IPayments payments, IStockReservations stock, IEventOutbox outbox, TimeProvider time,
                ILogger<Order> logger, CancellationToken cancellationToken) =>
                CancelAsync(http, db, payments, stock, outbox, time, logger, id, OrderEndpoints.CustomerOf(http), "cancelled_by_customer", cancellationToken))
            .RequireAuthorization(Policies.Customer)
            .WithName("CancelMyOrder").WithSummary("Cancels one of the customer's orders before it ships.").WithTags("Orders");

    public static void MapCancelOrderAdmin(this IEndpointRouteBuilder admin) =>
        admin.MapPost("/{id}/cancel", (string id, HttpContext http, OrdersDbContext db, IPayments payments, IStockReservations stock, IEventOutbox outbox, TimeProvider time,
                ILogger<Order> logger, CancellationToken cancellationToken) =>
                CancelAsync(http, db, payments, stock, outbox, time, logger, id, null, "cancelled_by_admin", cancellationToken))
            .RequireAuthorization(Policies.Admin(Scopes.OrdersWrite))
            .WithName("CancelOrder").WithSummary("Cancels an order before it ships: voids or refunds its payment and releases its stock.").WithTags("Orders admin");

    private static Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CancelAsync(
        HttpContext http, OrdersDbContext db, IPayments payments, IStockReservations stock, IEventOutbox outbox, TimeProvider time, ILogger logger,
        string id, string? customerId, string reason, CancellationToken cancellationToken) =>
        OrderEndpoints.ChangeAsync(http, db, id, customerId, async order =>
        {
            OrderStates.Status.EnsureCanMove(order.Status, OrderStatus.Cancelled);
            if (order.FulfillmentStatus != FulfillmentStatus.Unfulfilled)
            {
                throw new OrderStateException(
                    $"The order's fulfillmentStatus is {OrderStates.Snake(order.FulfillmentStatus)}; only unfulfilled orders can be cancelled.");
            }
            var now = time.GetUtcNow();
            object? refunded = null;
            switch (order.PaymentStatus)
            {
                case OrderPaymentStatus.Authorized:
                    var voided = await payments.VoidAsync(order.PaymentId!, cancellationToken);
                    OrderEndpoints.EnsureSucceeded(http, order, "void", voided.Outcome, voided.Error);
                    order.MovePayment(OrderPaymentStatus.Voided, now, reason);
                    break;
                case OrderPaymentStatus.Captured or OrderPaymentStatus.PartiallyRefunded when order.Refundable > 0:
                    var amount = order.Refundable;
                    var refund = await payments.RefundAsync(order.PaymentId!, new Money(amount, order.Currency), $"order:{order.Id}:cancel", cancellationToken);
                    OrderEndpoints.EnsureSucceeded(http, order, "refund", refund.Outcome, refund.Error);
                    order.ApplyRefund(refund.Refund!.Id, [], amount, amount, reason, now);
                    refunded = new { refundId = refund.Refund!.Id, amount = new EventMoney(amount, order.Currency) };
                    break;
            }
            order.MoveStatus(OrderStatus.Cancelled, now, reason);
            order.Touch(now);
            NewEvent[] events = refunded is null
                ? [OrderEvents.Of(EventTypes.OrderCancelled, order, new { reason })]
                : [OrderEvents.Of(EventTypes.OrderCancelled, order, new { reason }), OrderEvents.Of(EventTypes.OrderRefunded, order, refunded)];
            await db.InTransactionAsync(async transaction =>
            {
                await stock.ReleaseAsync(order.Id, transaction, cancellationToken);
                return await db.SaveWithEventsAsync(outbox, transaction, events, cancellationToken);
            }, cancellationToken);
            OrdersLog.StatusChanged(logger, order.Id, "status", "cancelled");
        }, cancellationToken, alreadyDone: order => order.Status == OrderStatus.Cancelled);
}
