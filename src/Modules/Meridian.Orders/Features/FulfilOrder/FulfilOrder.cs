using Meridian.Inventory.Contracts;
using Meridian.Orders.Contracts;
using Meridian.Orders.Data;
using Meridian.Orders.Domain;
using Meridian.Orders.Features.PlaceOrders;
using Meridian.Payments.Contracts;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Http;
using Meridian.SharedKernel.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Meridian.Orders.Features.FulfilOrder;

internal sealed record FulfilRequest(IReadOnlyList<LineQuantityInput> Lines, string? Carrier = null, string? TrackingNumber = null);

/// <summary>
/// <c>POST /v1/admin/orders/{id}/fulfillments</c>: ships some or all units. The first fulfilment of an
/// order whose payment is only authorized captures it (money is taken when goods leave); the shipped
/// units leave the stock (on-hand and reserved go down) in the same transaction as the order.
/// </summary>
internal static class FulfilOrder
{
    public static void MapFulfilOrder(this IEndpointRouteBuilder admin) =>
        admin.MapPost("/{id}/fulfillments", Handle)
            .RequireAuthorization(Policies.Admin(Scopes.OrdersWrite))
            .AcceptIdempotencyKey()
            .WithName("FulfilOrder").WithSummary("Records a shipment of some or all of an order's units.").WithTags("Orders admin");

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        string id, FulfilRequest request, HttpContext http, OrdersDbContext db, IPayments payments, IStockReservations stock, IEventOutbox outbox, TimeProvider time,
        ILogger<Order> logger, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var lines = OrderEndpoints.Lines(request.Lines, validation, required: true);
        validation.Optional(request.Carrier, "carrier", 100).Optional(request.TrackingNumber, "trackingNumber", 100);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        return (await OrderEndpoints.ChangeAsync(http, db, id, null, async order =>
        {
            var now = time.GetUtcNow();
            var fulfillment = order.Fulfil(lines, request.Carrier, request.TrackingNumber, now);
            var captured = order.PaymentStatus == OrderPaymentStatus.Authorized;
            if (captured)
            {
                var capture = await payments.CaptureAsync(order.PaymentId!, cancellationToken: cancellationToken);
                OrderEndpoints.EnsureSucceeded(http, order, "capture", capture.Outcome, capture.Error);
                order.CapturedAmount = capture.Payment!.Captured.Amount;
                order.MovePayment(OrderPaymentStatus.Captured, now, "captured_at_fulfillment");
            }
            var skus = lines.Select(l => (order.Lines.Single(x => x.Id == l.LineId).Sku, l.Quantity)).ToList();
            var fulfilled = OrderEvents.Of(EventTypes.OrderFulfilled, order, new
            {
                fulfillmentId = fulfillment.Id,
                lines = lines.Select(l => new { lineId = l.LineId, quantity = l.Quantity }).ToList(),
            });
            NewEvent[] events = captured ? [OrderEvents.Of(EventTypes.OrderPaid, order), fulfilled] : [fulfilled];
            await db.InTransactionAsync(async transaction =>
            {
                await stock.CommitAsync(order.Id, skus, transaction, cancellationToken);
                return await db.SaveWithEventsAsync(outbox, transaction, events, cancellationToken);
            }, cancellationToken);
            OrdersLog.Fulfilled(logger, order.Id, fulfillment.Id, lines.Sum(l => l.Quantity));
        }, cancellationToken)).Result switch
        {
            Ok<OrderResponse> ok => ok,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException(other.GetType().Name),
        };
    }
}
