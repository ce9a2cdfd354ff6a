using Meridian.Orders.Contracts;
using Meridian.Orders.Data;
using Meridian.Orders.Domain;
using Meridian.Payments.Contracts;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Orders.Features.CapturePayment;

/// <summary><c>POST /v1/admin/orders/{id}/capture</c>: takes the authorized money before shipping (pre-orders, made-to-order goods).</summary>
internal static class CapturePayment
{
    public static void MapCapturePayment(this IEndpointRouteBuilder admin) =>
        admin.MapPost("/{id}/capture", Handle)
            .RequireAuthorization(Policies.Admin(Scopes.OrdersWrite))
            .WithName("CaptureOrderPayment").WithSummary("Captures the order's authorized payment.").WithTags("Orders admin");

    private static Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Handle(
        string id, HttpContext http, OrdersDbContext db, IPayments payments, IEventOutbox outbox, TimeProvider time, CancellationToken cancellationToken) =>
        OrderEndpoints.ChangeAsync(http, db, id, null, async order =>
        {
            if (order.Status != OrderStatus.Placed)
            {
                throw new OrderStateException($"The order's status is {OrderStates.Snake(order.Status)}; only placed orders are captured.");
            }
            OrderStates.Payment.EnsureCanMove(order.PaymentStatus, OrderPaymentStatus.Captured);
            var capture = await payments.CaptureAsync(order.PaymentId!, cancellationToken: cancellationToken);
            OrderEndpoints.EnsureSucceeded(http, order, "capture", capture.Outcome, capture.Error);
            var now = time.GetUtcNow();
            order.CapturedAmount = capture.Payment!.Captured.Amount;
            order.MovePayment(OrderPaymentStatus.Captured, now);
            order.Touch(now);
            await db.SaveWithEventsAsync(outbox, [OrderEvents.Of(EventTypes.OrderPaid, order)], cancellationToken);
        }, cancellationToken);
}
