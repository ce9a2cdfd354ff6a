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

namespace Meridian.Orders.Features.RefundOrder;

/// <summary>Units per line and/or an amount not tied to a line (shipping, goodwill), in minor units.</summary>
internal sealed record RefundRequest(IReadOnlyList<LineQuantityInput>? Lines = null, long? Amount = null, string? Reason = null);

/// <summary>
/// <c>POST /v1/admin/orders/{id}/refunds</c> with an <c>Idempotency-Key</c>: gives money back. A line's
/// units are worth their share of the line's total (never more than was paid for the line), and all
/// refunds together never exceed what was captured (422 otherwise).
/// </summary>
internal static class RefundOrder
{
    public static void MapRefundOrder(this IEndpointRouteBuilder admin) =>
        admin.MapPost("/{id}/refunds", Handle)
            .RequireAuthorization(Policies.Admin(Scopes.OrdersWrite))
            .RequireIdempotencyKey()
            .WithName("RefundOrder").WithSummary("Refunds line units and/or an amount of a captured order.").WithTags("Orders admin");

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        string id, RefundRequest request, HttpContext http, OrdersDbContext db, IPayments payments, IEventOutbox outbox, TimeProvider time, ILogger<Order> logger,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var lines = OrderEndpoints.Lines(request.Lines, validation, required: false);
        validation.When(request.Amount is < 0, "amount", "Zero or more, in minor units.");
        validation.When(lines.Count == 0 && request.Amount is null or 0, "lines", "Refund line quantities, an amount, or both.");
        validation.Optional(request.Reason, "reason", 200);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var key = http.Request.Headers[Idempotency.Header].ToString();
        return (await OrderEndpoints.ChangeAsync(http, db, id, null, async order =>
        {
            var extra = request.Amount ?? 0;
            var amount = order.PriceRefund(lines, extra);
            var refund = await payments.RefundAsync(order.PaymentId!, new Money(amount, order.Currency), $"order:{order.Id}:refund:{key}", cancellationToken);
            OrderEndpoints.EnsureSucceeded(http, order, "refund", refund.Outcome, refund.Error);
            order.ApplyRefund(refund.Refund!.Id, lines, extra, amount, request.Reason, time.GetUtcNow());
            await db.SaveWithEventsAsync(outbox,
                [OrderEvents.Of(EventTypes.OrderRefunded, order, new { refundId = refund.Refund!.Id, amount = new EventMoney(amount, order.Currency) })], cancellationToken);
            OrdersLog.Refunded(logger, order.Id, amount);
        }, cancellationToken)).Result switch
        {
            Ok<OrderResponse> ok => ok,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException(other.GetType().Name),
        };
    }
}
