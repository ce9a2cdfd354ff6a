using Meridian.SharedKernel;

namespace Meridian.Payments.Contracts;

/// <summary>An authorization for an order.</summary>
/// <param name="OrderId">The order the money is for (<c>ord_…</c>); every attempt of an order carries it.</param>
/// <param name="Amount">What to authorize, in minor units; positive.</param>
/// <param name="ProviderToken">
/// A provider token from the client-side card form (<c>tok_…</c>, <c>pm_…</c>); never a card number:
/// anything that <see cref="PaymentTokens.LooksLikeCardNumber"/> is rejected without being stored or logged.
/// </param>
/// <param name="IdempotencyKey">
/// Derived from the order and the attempt, such as <c>order:{orderId}:authorize:{attempt}</c>; at most 200 characters.
/// A new card after a decline needs a new key; a retry of the same attempt reuses it.
/// </param>
/// <param name="CustomerId">The customer (<c>cus_…</c>), or null for a guest.</param>
/// <param name="Channel">The sales channel; it decides <see cref="CaptureMode"/> when the caller does not.</param>
/// <param name="Capture">When to capture; <see cref="CaptureMode.Manual"/> captures at fulfilment through <see cref="IPayments.CaptureAsync"/>.</param>
public sealed record AuthorizeRequest(
    string OrderId,
    Money Amount,
    string ProviderToken,
    string IdempotencyKey,
    string? CustomerId = null,
    string? Channel = null,
    CaptureMode Capture = CaptureMode.Manual)
{
    /// <summary>The conventional key of an order's authorization attempt.</summary>
    public static string KeyFor(string orderId, int attempt = 1) => $"order:{orderId}:authorize:{attempt}";
}

/// <summary>When an authorization is captured.</summary>
public enum CaptureMode
{
    /// <summary>Hold the money; capture at fulfilment.</summary>
    Manual,

    /// <summary>Capture in the same call (digital goods, in-store kiosks).</summary>
    Immediate,
}
