using Meridian.Orders.Contracts;
using Meridian.Orders.Data;
using Meridian.Orders.Domain;
using Meridian.Payments.Contracts;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meridian.Orders.Features;

/// <summary>Units of one line, as a request names them.</summary>
internal sealed record LineQuantityInput(string LineId, int Quantity);

internal sealed record OrderTotals(Money Subtotal, Money Discount, Money Shipping, Money Tax, Money GrandTotal, Money Captured, Money Refunded);

internal sealed record OrderLineResponse(
    string Id, string VariantId, string Sku, string ProductTitle, string? VariantTitle, int Quantity, Money UnitPrice, Money Subtotal, Money Discount,
    Money Tax, Money Total, int QuantityFulfilled, int QuantityReturned, int QuantityRefunded, Money AmountRefunded);

internal sealed record OrderHistoryResponse(string Field, string? From, string To, string? Reason, DateTimeOffset At);

internal sealed record OrderShippingResponse(string Method, string Name, Money Amount, Money Discount, Money Tax, Money Total);

internal sealed record OrderPromotionResponse(string PromotionId, string? Code, string Name, Money Amount);

internal sealed record OrderRefundResponse(string Id, Money Amount, IReadOnlyList<LineQuantity> Lines, Money ExtraAmount, string? Reason, DateTimeOffset CreatedAt);

/// <summary>An order as the API shows it: statuses in the contract's snake_case, money as the contract's <c>{ amount, currency }</c>.</summary>
internal sealed record OrderResponse(
    string Id, string ChannelId, string? CustomerId, string Email, string Currency, string Status, string? PaymentStatus, string FulfillmentStatus,
    IReadOnlyList<OrderLineResponse> Lines, OrderAddress? ShippingAddress, OrderShippingResponse? Shipping, OrderTotals Totals,
    IReadOnlyList<OrderPromotionResponse> AppliedPromotions, string? PaymentId, IReadOnlyList<Fulfillment> Fulfillments, IReadOnlyList<OrderReturn> Returns,
    IReadOnlyList<OrderRefundResponse> Refunds, IReadOnlyList<OrderHistoryResponse> History, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OrderResponse From(Order o)
    {
        Money M(long amount) => new(amount, o.Currency);
        return new(
            o.Id, o.ChannelId, o.CustomerId, o.Email, o.Currency, OrderStates.Snake(o.Status), OrderStates.PaymentName(o.PaymentStatus),
            OrderStates.Snake(o.FulfillmentStatus),
            o.Lines.Select(l => new OrderLineResponse(l.Id, l.VariantId, l.Sku, l.ProductTitle, l.VariantTitle, l.Quantity, M(l.UnitPrice), M(l.Subtotal),
                M(l.Discount), M(l.Tax), M(l.Total), l.QuantityFulfilled, l.QuantityReturned, l.QuantityRefunded, M(l.AmountRefunded))).ToList(),
            o.ShippingAddress,
            o.Shipping is { } s ? new OrderShippingResponse(s.Method, s.Name, M(s.Amount), M(s.Discount), M(s.Tax), M(s.Total)) : null,
            new OrderTotals(M(o.Subtotal), M(o.DiscountTotal), M(o.ShippingTotal), M(o.TaxTotal), M(o.GrandTotal), M(o.CapturedAmount), M(o.RefundedAmount)),
            o.AppliedPromotions.Select(p => new OrderPromotionResponse(p.PromotionId, p.Code, p.Name, M(p.Amount))).ToList(),
            o.PaymentId, o.Fulfillments, o.Returns,
            o.Refunds.Select(r => new OrderRefundResponse(r.Id, M(r.Amount), r.Lines, M(r.ExtraAmount), r.Reason, r.CreatedAt)).ToList(),
            o.History.OrderBy(h => h.Id).Select(h => new OrderHistoryResponse(h.Field, h.From, h.To, h.Reason, h.At)).ToList(),
            o.Version, o.CreatedAt, o.UpdatedAt);
    }
}

/// <summary>A payment call that did not succeed, as the problem the client gets.</summary>
internal sealed class PaymentCallException(ProblemHttpResult problem) : Exception("The payment call did not succeed.")
{
    public ProblemHttpResult Problem => problem;
}

/// <summary>What every order endpoint shares: loading with ownership, If-Match, the error mapping and the ETag.</summary>
internal static class OrderEndpoints
{
    public static string? CustomerOf(HttpContext http) => http.User.FindFirst(MeridianClaims.CustomerId)?.Value;

    public static Task<Order?> LoadAsync(OrdersDbContext db, string id, string? customerId, CancellationToken cancellationToken) =>
        db.Orders.Include(o => o.History)
            .SingleOrDefaultAsync(o => o.Id == id && (customerId == null || o.CustomerId == customerId), cancellationToken);

    public static Ok<OrderResponse> Respond(HttpContext http, Order order)
    {
        http.Response.Headers.ETag = order.ETag;
        return TypedResults.Ok(OrderResponse.From(order));
    }

    /// <summary>
    /// Loads the order (404 when it is not the customer's), checks <c>If-Match</c> (412 when stale) unless
    /// <paramref name="alreadyDone"/> says a retry finds the work done, runs <paramref name="change"/> and saves.
    /// </summary>
    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> ChangeAsync(
        HttpContext http, OrdersDbContext db, string id, string? customerId, Func<Order, Task> change, CancellationToken cancellationToken,
        Func<Order, bool>? alreadyDone = null)
    {
        var order = await LoadAsync(db, id, customerId, cancellationToken);
        if (order is null)
        {
            return Problems.NotFound("order");
        }
        if (alreadyDone?.Invoke(order) == true)
        {
            return Respond(http, order);
        }
        if (http.Request.Headers.IfMatch.Count > 0 && !http.Request.Headers.IfMatch.Contains(order.ETag))
        {
            return Stale();
        }
        try
        {
            await change(order);
            return Respond(http, order);
        }
        catch (OrderStateException exception)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "order-state-conflict", "The order's state does not allow this.", exception.Message);
        }
        catch (OrderRequestException exception)
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, exception.Slug, "The order cannot do this.", exception.Message);
        }
        catch (PaymentCallException exception)
        {
            if (exception.Problem.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable)
            {
                http.Response.Headers.RetryAfter = "5";
            }
            return exception.Problem;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "order-changed", "The order changed meanwhile.",
                "Another change to this order was saved first. Read it again and retry.");
        }
    }

    public static ProblemHttpResult Stale() => Problems.Of(
        StatusCodes.Status412PreconditionFailed, "precondition-failed", "The order changed since you read it.",
        "If-Match does not match the order's current ETag. Read the order again and retry.");

    /// <summary>Throws the problem a failed payment call means for the client; returns when it succeeded.</summary>
    public static void EnsureSucceeded(HttpContext http, Order order, string call, PaymentOutcome outcome, PaymentError? error)
    {
        if (outcome == PaymentOutcome.Succeeded)
        {
            return;
        }
        OrdersLog.PaymentCallFailed(http.RequestServices.GetRequiredService<ILogger<Order>>(), order.Id, call, outcome.ToString(), error?.Code);
        throw new PaymentCallException(outcome switch
        {
            PaymentOutcome.Unavailable or PaymentOutcome.Unknown => Problems.Of(StatusCodes.Status503ServiceUnavailable, "payment-unavailable",
                "The payment provider is unavailable.", "Nothing was changed on the order. Retry shortly."),
            _ when error?.Code == PaymentErrorCodes.RefundExceedsCaptured => Problems.Of(StatusCodes.Status422UnprocessableEntity,
                "refund-exceeds-captured", "The refund exceeds what was captured.", error.Message),
            PaymentOutcome.Declined => Problems.Of(StatusCodes.Status402PaymentRequired, "payment-declined", "The payment provider declined.",
                error?.Message ?? "Declined."),
            _ => Problems.Of(StatusCodes.Status409Conflict, "payment-rejected", "The payment cannot do this.",
                error?.Message ?? $"The payment call ended {outcome}."),
        });
    }

    /// <summary>Checks line quantities of a request body.</summary>
    public static IReadOnlyList<LineQuantity> Lines(IReadOnlyList<LineQuantityInput>? lines, Validation validation, bool required)
    {
        if (lines is null || lines.Count == 0)
        {
            validation.When(required, "lines", "At least one line with a quantity.");
            return [];
        }
        validation.When(lines.Count > 200, "lines", "At most 200 lines.");
        validation.When(lines.Any(l => string.IsNullOrWhiteSpace(l.LineId) || l.LineId.Length > 40), "lines", "Every line names its lineId.");
        validation.When(lines.Any(l => l.Quantity is <= 0 or > 100_000), "lines", "Every quantity is between 1 and 100000.");
        validation.When(lines.Select(l => l.LineId).Distinct(StringComparer.Ordinal).Count() != lines.Count, "lines", "Each line may appear once.");
        return lines.Select(l => new LineQuantity(l.LineId, l.Quantity)).ToList();
    }
}
