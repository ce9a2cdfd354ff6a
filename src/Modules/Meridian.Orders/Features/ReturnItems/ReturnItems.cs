using Meridian.Orders.Data;
using Meridian.Orders.Domain;
using Meridian.Payments.Contracts;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Http;
using Meridian.SharedKernel.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Meridian.Orders.Features.ReturnItems;

internal sealed record ReturnRequest(IReadOnlyList<LineQuantityInput> Lines, bool Refund = false, string? Reason = null);

/// <summary>
/// <c>POST /v1/admin/orders/{id}/returns</c>: records shipped units coming back and, with <c>refund</c>,
/// refunds those of them not refunded yet, at their share of the line's total. The change commits with
/// <c>order.returned.v1</c>, and with <c>order.refunded.v1</c> when money went back; the free-text reason
/// stays out of the events, which carry ids, statuses and money only.
/// </summary>
internal static class ReturnItems
{
    public static void MapReturnItems(this IEndpointRouteBuilder admin) =>
        admin.MapPost("/{id}/returns", Handle)
            .RequireAuthorization(Policies.Admin(Scopes.OrdersWrite))
            .AcceptIdempotencyKey()
            .WithName("ReturnOrderItems").WithSummary("Records returned units of an order, optionally refunding them.").WithTags("Orders admin");

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        string id, ReturnRequest request, HttpContext http, OrdersDbContext db, IPayments payments, IEventOutbox outbox, TimeProvider time, ILogger<Order> logger,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var lines = OrderEndpoints.Lines(request.Lines, validation, required: true);
        validation.Optional(request.Reason, "reason", 200);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        return (await OrderEndpoints.ChangeAsync(http, db, id, null, async order =>
        {
            var now = time.GetUtcNow();
            var entry = order.Return(lines, request.Reason, now);
            string? refundId = null;
            NewEvent? refunded = null;
            if (request.Refund)
            {
                var refundLines = lines
                    .Select(l => new LineQuantity(l.LineId, Math.Min(l.Quantity, order.Lines.Single(x => x.Id == l.LineId) is var line ? line.Quantity - line.QuantityRefunded : 0)))
                    .Where(l => l.Quantity > 0).ToList();
                if (refundLines.Count > 0)
                {
                    var amount = order.PriceRefund(refundLines, 0);
                    var refund = await payments.RefundAsync(order.PaymentId!, new Money(amount, order.Currency), $"order:{order.Id}:return:{entry.Id}", cancellationToken);
                    OrderEndpoints.EnsureSucceeded(http, order, "refund", refund.Outcome, refund.Error);
                    order.ApplyRefund(refund.Refund!.Id, refundLines, 0, amount, request.Reason ?? "returned", now);
                    order.Returns = [.. order.Returns.Select(r => r.Id == entry.Id ? r with { RefundId = refund.Refund.Id } : r)];
                    refundId = refund.Refund.Id;
                    refunded = OrderEvents.Of(EventTypes.OrderRefunded, order, new { refundId, amount = new EventMoney(amount, order.Currency) });
                    OrdersLog.Refunded(logger, order.Id, amount);
                }
            }
            var returned = OrderEvents.Of(EventTypes.OrderReturned, order, new
            {
                returnId = entry.Id,
                lines = lines.Select(l => new { lineId = l.LineId, quantity = l.Quantity }).ToList(),
                refundId,
            });
            await db.SaveWithEventsAsync(outbox, refunded is null ? [returned] : [returned, refunded], cancellationToken);
        }, cancellationToken)).Result switch
        {
            Ok<OrderResponse> ok => ok,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException(other.GetType().Name),
        };
    }
}
