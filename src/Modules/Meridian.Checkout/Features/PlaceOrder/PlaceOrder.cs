using Meridian.Carts.Contracts;
using Meridian.Inventory.Contracts;
using Meridian.Orders.Contracts;
using Meridian.Payments.Contracts;
using Meridian.Pricing.Contracts;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Meridian.SharedKernel.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Checkout.Features.PlaceOrder;

/// <summary>The body of <c>POST /v1/checkout</c>. The token is a provider token; a card number is refused unseen.</summary>
internal sealed record CheckoutRequest(string? CartId, string? Email, string? PaymentToken);

/// <summary>The order as checkout answers it.</summary>
internal sealed record CheckoutResponse(
    string Id, string? CartId, string Status, string? PaymentStatus, string? PaymentId, string Currency,
    CheckoutTotals Totals, IReadOnlyList<CheckoutLine> Lines, NextAction? NextAction);

internal sealed record CheckoutTotals(Money Subtotal, Money DiscountTotal, Money ShippingTotal, Money TaxTotal, Money GrandTotal);

internal sealed record CheckoutLine(string LineId, string VariantId, string Sku, int Quantity, Money Total);

/// <summary>
/// <c>POST /v1/checkout</c>. One local transaction creates the pending order, reserves its stock, claims its
/// promotion uses and converts the cart (the cart is the lock: at most one live order per cart); then the
/// payment is authorized outside it. A retry with the same key finds the same order and carries on where it stopped.
/// </summary>
internal static class PlaceOrder
{
    public static void MapPlaceOrder(this IEndpointRouteBuilder checkout) =>
        checkout.MapPost("/", (CheckoutRequest body, HttpContext http, ICarts carts, IOrders orders, IPayments payments,
                OrderSettlement settlement, IOptions<CheckoutOptions> options, ILogger<CheckoutRequest> logger) =>
                HandleAsync(body, http, carts, orders, payments, settlement, options.Value, logger))
            .RequireAuthorization(Policies.Storefront)
            .RequireIdempotencyKey()
            .WithName("Checkout").WithSummary("Turns a cart into an order and authorizes its payment.").WithTags("Checkout");

    public static void MapConfirm(this IEndpointRouteBuilder checkout) =>
        checkout.MapPost("/{orderId}/confirm", async (string orderId, HttpContext http, IOrders orders, IPayments payments,
                OrderSettlement settlement, IOptions<CheckoutOptions> options) =>
            {
                var (customerId, failure) = await CustomerOfAsync(http);
                if (failure is not null)
                {
                    return failure;
                }
                var channelId = http.User.FindFirst(MeridianClaims.ChannelId)?.Value;
                var order = await orders.GetAsync(orderId, http.RequestAborted);
                // Only the caller who checked out sees the order: the same customer (or a guest) in the same channel.
                if (order is null || order.CustomerId != customerId || (channelId is not null && order.ChannelId != channelId))
                {
                    return Problems.NotFound("order");
                }
                var attempt = new Attempt(null, string.Empty, customerId, channelId, payments, settlement, options.Value);
                return await attempt.ConfirmAsync(order, http.RequestAborted);
            })
            .RequireAuthorization(Policies.Storefront)
            .AcceptIdempotencyKey()
            .WithName("ConfirmCheckout").WithSummary("Completes a checkout after the shopper finished the payment's extra step (3-D Secure).").WithTags("Checkout");

    private static async Task<(string? CustomerId, IResult? Failure)> CustomerOfAsync(HttpContext http)
    {
        var (customerId, invalidToken) = await Callers.OptionalCustomerAsync(http);
        return invalidToken
            ? (null, Problem(StatusCodes.Status401Unauthorized, "unauthenticated", "Not signed in.",
                "The access token is not valid or has expired. Refresh it, sign in again, or send no token to check out as a guest."))
            : (customerId, null);
    }

    private static async Task<IResult> HandleAsync(
        CheckoutRequest body, HttpContext http, ICarts carts, IOrders orders, IPayments payments, OrderSettlement settlement,
        CheckoutOptions options, ILogger logger)
    {
        var ct = http.RequestAborted;
        if (PaymentTokens.LooksLikeCardNumber(body.PaymentToken))
        {
            return Problem(StatusCodes.Status400BadRequest, "card-number-rejected", "Card numbers are not accepted.",
                "Send the provider token from the card form, never a card number.", ("code", PaymentErrorCodes.CardNumberRejected));
        }
        var validation = new Validation()
            .Required(body.CartId, "cartId", 100)
            .When(!PaymentTokens.IsWellFormedToken(body.PaymentToken), "paymentToken", "Send the provider token (3 to 200 letters, digits, '_' or '-').")
            .When(body.Email is { } e && (e.Length > 254 || !e.Contains('@', StringComparison.Ordinal) || e.Any(char.IsWhiteSpace)), "email", "Send a valid email address.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var channelId = http.User.FindFirst(MeridianClaims.ChannelId)?.Value;
        var (customerId, failure) = await CustomerOfAsync(http);
        if (failure is not null)
        {
            return failure;
        }
        var scope = $"{http.User.FindFirst(MeridianClaims.KeyId)?.Value ?? "-"}/{customerId ?? "-"}";
        var key = http.Request.Headers[Idempotency.Header].ToString();
        var token = body.PaymentToken!;

        var cart = await carts.GetForCheckoutAsync(body.CartId!, channelId, customerId, ct);
        if (cart is null)
        {
            return Problems.NotFound("cart");
        }
        var context = new Attempt(cart, token, customerId, channelId, payments, settlement, options);
        if (cart.Status == "converted")
        {
            // A retry of this very checkout (after a crash, a timeout or a 503) finds its order; anyone else gets 409.
            if (await orders.FindByIdempotencyKeyAsync(scope, key, ct) is { } mine && mine.Id == cart.OrderId)
            {
                return await context.ContinueAsync(mine, ct);
            }
            return Refuse(logger, cart.CartId, "cart-converted", "The cart was already checked out. Start a new cart.");
        }
        if (cart.Lines.Count == 0)
        {
            return Refuse(logger, cart.CartId, "cart-empty", "The cart has no items.");
        }
        if (!cart.AllLinesAvailable)
        {
            return Refuse(logger, cart.CartId, "cart-lines-unavailable", "Some items can no longer be bought: "
                + string.Join(", ", cart.Lines.Where(l => !l.Available).Select(l => l.Sku)) + ". Remove them and try again.");
        }
        if (cart.ShippingAddress is null || cart.ShippingMethod is null || cart.Pricing.Shipping is null)
        {
            return Refuse(logger, cart.CartId, "cart-not-ready", "Set a shipping address and a shipping method that serves it before checking out.");
        }
        var email = body.Email ?? cart.Email;
        if (string.IsNullOrWhiteSpace(email))
        {
            return Problems.Validation("email", "The cart has no email; send one.");
        }

        NewOrder newOrder;
        try
        {
            newOrder = ToNewOrder(cart, scope, key, channelId, customerId, email);
        }
        catch (InvalidOperationException exception)
        {
            return Refuse(logger, cart.CartId, "cart-not-ready", exception.Message);
        }

        var (order, refusal) = await settlement.InTransactionAsync<(OrderView?, IResult?)>(async (services, transaction) =>
        {
            var created = await services.GetRequiredService<IOrders>().CreatePendingAsync(newOrder, transaction, ct);
            var reserved = await services.GetRequiredService<IStockReservations>()
                .ReserveAsync(created.Id, created.Lines.Select(l => (l.Sku, l.Quantity)).ToList(), transaction, ct);
            if (!reserved.Succeeded)
            {
                return ((null, Refuse(logger, cart.CartId, "stock-unavailable", "Not enough stock for: " + string.Join(", ", reserved.ShortSkus) + ".",
                    ("skus", reserved.ShortSkus))), false);
            }
            var redeemed = await services.GetRequiredService<IPromotionRedemptions>()
                .RedeemAsync(created.Id, customerId, cart.PromotionIds, transaction, ct);
            if (!redeemed.Succeeded)
            {
                var codes = redeemed.Failures.Select(f => cart.Pricing.AppliedPromotions.FirstOrDefault(p => p.PromotionId == f.PromotionId)?.Code ?? f.PromotionId).ToList();
                return ((null, Refuse(logger, cart.CartId, "promotion-unavailable", "These promotions can no longer be used: " + string.Join(", ", codes) + ".",
                    ("codes", codes))), false);
            }
            if (!await services.GetRequiredService<ICarts>().MarkConvertedAsync(cart.CartId, cart.Version, created.Id, transaction, ct))
            {
                return ((null, Refuse(logger, cart.CartId, "cart-changed", "The cart changed while checking out. Review it and try again.")), false);
            }
            return ((created, null), true);
        }, ct);
        if (order is null)
        {
            return refusal!;
        }
        logger.OrderCreated(cart.CartId, order.Id);
        return await context.AuthorizeAsync(order, 1, ct);
    }

    private static NewOrder ToNewOrder(CheckoutCart cart, string scope, string key, string? channelId, string? customerId, string email)
    {
        var prices = cart.Pricing.Lines.ToDictionary(l => l.LineId, StringComparer.Ordinal);
        var lines = cart.Lines.Select(l => prices.TryGetValue(l.LineId, out var p)
            ? new NewOrderLine(l.VariantId, l.Sku, l.ProductTitle, l.VariantTitle, l.Quantity, p.UnitPrice, p.Subtotal, p.Discount, p.Tax, p.Total)
            : throw new InvalidOperationException($"The line {l.Sku} is not priced.")).ToList();
        var a = cart.ShippingAddress!;
        var name = (a.Name ?? string.Empty).Trim();
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        var address = new OrderAddress(
            space < 0 ? name : name[..space], space < 0 ? string.Empty : name[(space + 1)..].Trim(),
            a.Lines.FirstOrDefault() ?? string.Empty, a.Lines.Count > 1 ? string.Join(", ", a.Lines.Skip(1)) : null,
            a.City ?? string.Empty, a.PostalCode ?? string.Empty, a.Country);
        var s = cart.Pricing.Shipping!;
        return new NewOrder(scope, key, cart.ChannelId ?? channelId ?? "default", cart.CustomerId ?? customerId, email, cart.Currency, lines, address,
            new OrderShipping(s.Method, s.Name, s.Amount, s.Discount, s.Tax, s.Total),
            cart.Pricing.AppliedPromotions.Select(p => new OrderPromotion(p.PromotionId, p.Code, p.Name, p.Amount)).ToList());
    }

    internal static IResult Refuse(ILogger logger, string cartId, string slug, string detail, params (string Name, object Value)[] extensions)
    {
        logger.CheckoutRefused(cartId, slug);
        return Problem(StatusCodes.Status409Conflict, slug, "Checkout is not possible.", detail, extensions);
    }

    internal static IResult Problem(int status, string slug, string title, string detail, params (string Name, object Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = Problems.TypeBase + slug };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>One checkout's payment step: authorizing, and carrying on after a retry.</summary>
    private sealed record Attempt(
        CheckoutCart? Cart, string Token, string? CustomerId, string? ChannelId, IPayments Payments, OrderSettlement Settlement, CheckoutOptions Options)
    {
        public async Task<IResult> AuthorizeAsync(OrderView order, int attempt, CancellationToken ct)
        {
            var result = await Payments.AuthorizeAsync(new AuthorizeRequest(order.Id, new Money(order.GrandTotal, order.Currency), Token,
                AuthorizeRequest.KeyFor(order.Id, attempt), CustomerId, ChannelId), ct);
            return result.Outcome switch
            {
                PaymentOutcome.Succeeded => await PlacedAsync(order, result.Payment!, ct),
                PaymentOutcome.Declined => await DeclinedAsync(order, result.Error, ct),
                PaymentOutcome.RequiresAction => Pending(order, result.Payment, result.NextAction),
                PaymentOutcome.Unknown => Pending(order, result.Payment, null),
                PaymentOutcome.Unavailable => Unavailable(),
                _ => await RejectedAsync(order, result.Error, ct),
            };
        }

        public async Task<IResult> ContinueAsync(OrderView order, CancellationToken ct)
        {
            if (order.Status is OrderStatus.Placed or OrderStatus.Completed)
            {
                return Created(order);
            }
            if (order.Status == OrderStatus.Cancelled)
            {
                return Problem(StatusCodes.Status409Conflict, "order-cancelled", "Checkout is not possible.",
                    "This checkout's order was cancelled because its payment failed; its cart is open again. Check it out with a new Idempotency-Key.", ("orderId", order.Id));
            }
            var all = await Payments.FindByOrderAsync(order.Id, ct);
            var last = all.LastOrDefault();
            return last?.Status switch
            {
                null => await AuthorizeAsync(order, 1, ct),
                PaymentStatus.Authorized or PaymentStatus.Captured => await PlacedAsync(order, last, ct),
                PaymentStatus.Failed when last.Failure?.Code == PaymentErrorCodes.ProviderUnavailable => await AuthorizeAsync(order, all.Count + 1, ct),
                PaymentStatus.Failed or PaymentStatus.Voided => await DeclinedAsync(order, last.Failure, ct),
                _ => Pending(order, last, null),
            };
        }

        /// <summary>The shopper finished the 3-D Secure step: confirm the payment, then place or release the order.</summary>
        public async Task<IResult> ConfirmAsync(OrderView order, CancellationToken ct)
        {
            if (order.Status != OrderStatus.Pending)
            {
                return await ContinueAsync(order, ct);
            }
            var last = (await Payments.FindByOrderAsync(order.Id, ct)).LastOrDefault();
            if (last?.Status != PaymentStatus.RequiresAction)
            {
                return await ContinueAsync(order, ct);
            }
            var result = await Payments.ConfirmAsync(last.Id, ct);
            return result.Outcome switch
            {
                PaymentOutcome.Succeeded => await PlacedAsync(order, result.Payment!, ct),
                PaymentOutcome.Declined => await DeclinedAsync(order, result.Error, ct),
                PaymentOutcome.Unavailable => Unavailable(),
                PaymentOutcome.Rejected => await RejectedAsync(order, result.Error, ct),
                _ => Pending(order, result.Payment, result.NextAction),
            };
        }

        private async Task<IResult> PlacedAsync(OrderView order, PaymentView payment, CancellationToken ct)
        {
            var status = payment.Status == PaymentStatus.Captured ? OrderPaymentStatus.Captured : OrderPaymentStatus.Authorized;
            return Created(await Settlement.PlaceAsync(order.Id, payment.Id, status, ct));
        }

        private async Task<IResult> DeclinedAsync(OrderView order, PaymentError? error, CancellationToken ct)
        {
            var code = error?.Code ?? "payment_declined";
            await Settlement.ReleaseAndFailAsync(order.Id, code, ct);
            return Problem(StatusCodes.Status402PaymentRequired, "payment-declined", "The payment was declined.",
                error?.Message ?? "The payment was declined.", ("code", code), ("orderId", order.Id));
        }

        private async Task<IResult> RejectedAsync(OrderView order, PaymentError? error, CancellationToken ct)
        {
            var code = error?.Code ?? PaymentErrorCodes.InvalidRequest;
            await Settlement.ReleaseAndFailAsync(order.Id, code, ct);
            return Problem(StatusCodes.Status422UnprocessableEntity, "payment-rejected", "The payment could not be made.",
                error?.Message ?? "The payment request was refused.", ("code", code), ("orderId", order.Id));
        }

        private IResult Unavailable() =>
            new RetryAfter(Options.RetryAfterSeconds, Problem(StatusCodes.Status503ServiceUnavailable, "payment-unavailable", "Payments are unavailable.",
                "The payment provider cannot be reached; nothing was charged. Retry with the same Idempotency-Key."));

        private IResult Pending(OrderView order, PaymentView? payment, NextAction? next) =>
            TypedResults.Accepted($"/v1/orders/{order.Id}", Response(order, payment?.Id, next));

        private IResult Created(OrderView order) => TypedResults.Created($"/v1/orders/{order.Id}", Response(order, order.PaymentId, null));

        private CheckoutResponse Response(OrderView order, string? paymentId, NextAction? next)
        {
            Money M(long amount) => new(amount, order.Currency);
            return new CheckoutResponse(order.Id, Cart?.CartId, Snake(order.Status.ToString()),
                order.PaymentStatus == OrderPaymentStatus.None ? null : Snake(order.PaymentStatus.ToString()), paymentId, order.Currency,
                new CheckoutTotals(M(order.Subtotal), M(order.DiscountTotal), M(order.ShippingTotal), M(order.TaxTotal), M(order.GrandTotal)),
                order.Lines.Select(l => new CheckoutLine(l.LineId, l.VariantId, l.Sku, l.Quantity, M(l.Total))).ToList(), next);
        }

        private static string Snake(string pascal) =>
            string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }

    private sealed class RetryAfter(int seconds, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
