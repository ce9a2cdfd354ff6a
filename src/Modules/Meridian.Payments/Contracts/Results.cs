using Meridian.SharedKernel;

namespace Meridian.Payments.Contracts;

/// <summary>How a payment call ended, from the caller's point of view.</summary>
public enum PaymentOutcome
{
    /// <summary>The provider did what was asked; see <see cref="PaymentResult.Payment"/> for the new status.</summary>
    Succeeded,

    /// <summary>The provider declined; <see cref="PaymentResult.Error"/> has a reason code and a message safe to show the shopper (HTTP 402).</summary>
    Declined,

    /// <summary>The customer must finish an extra step (<see cref="PaymentResult.NextAction"/>), then the caller calls <see cref="IPayments.ConfirmAsync"/>.</summary>
    RequiresAction,

    /// <summary>
    /// The provider did not answer in time: money may or may not have moved. Keep the order pending;
    /// <see cref="IPayments.ResolveAsync"/> or the recovery job learns the truth. Never treat as "no charge".
    /// </summary>
    Unknown,

    /// <summary>The provider could not be reached (circuit open, outage) before anything was sent: nothing was charged; try again later (HTTP 503).</summary>
    Unavailable,

    /// <summary>The request was refused before reaching the provider: invalid, over a limit, or not allowed in the payment's status (HTTP 400/409/422).</summary>
    Rejected,

    /// <summary>No payment has that id (HTTP 404).</summary>
    NotFound,
}

/// <summary>The status of a payment record; a small state machine.</summary>
public enum PaymentStatus
{
    /// <summary>Recorded before the provider was called; a crash here leaves it for the recovery job.</summary>
    Pending,

    /// <summary>Waiting for the customer's extra step (3-D Secure).</summary>
    RequiresAction,

    /// <summary>Money held on the card.</summary>
    Authorized,

    /// <summary>Money taken (all or part of the hold).</summary>
    Captured,

    /// <summary>Part of the capture was refunded.</summary>
    PartiallyRefunded,

    /// <summary>All of the capture was refunded.</summary>
    Refunded,

    /// <summary>The hold was released without capture.</summary>
    Voided,

    /// <summary>Declined or never charged.</summary>
    Failed,

    /// <summary>The provider's answer was lost (timeout); the recovery job resolves it.</summary>
    Unknown,
}

/// <summary>Why a call was declined or rejected: a stable code to switch on and a message safe to show.</summary>
/// <param name="Code">Snake-case code, such as <c>insufficient_funds</c> or <see cref="PaymentErrorCodes.CaptureExceedsAuthorized"/>.</param>
/// <param name="Message">Safe to show a shopper: no card data, no provider internals.</param>
public sealed record PaymentError(string Code, string Message);

/// <summary>An extra step the customer must take before the payment can be authorized.</summary>
/// <param name="Type">Today always <c>three_d_secure</c>.</param>
/// <param name="RedirectUrl">Where the customer completes the challenge.</param>
/// <param name="ClientSecret">What a client-side SDK needs to show the challenge in place.</param>
public sealed record NextAction(string Type, string RedirectUrl, string ClientSecret);

/// <summary>A payment as the module records it: only provider tokens and references, never card data.</summary>
/// <param name="Id">The payment id (<c>pay_…</c>).</param>
/// <param name="OrderId">The order it belongs to.</param>
/// <param name="Amount">What was asked to authorize.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Provider">The provider's name, such as <c>test</c>.</param>
/// <param name="ProviderReference">The provider's id of the charge, once known.</param>
/// <param name="Captured">What was captured so far.</param>
/// <param name="Refunded">What was refunded so far.</param>
/// <param name="Failure">Why it failed, for a failed payment.</param>
/// <param name="CreatedAt">When the attempt began.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Refunds">Its refunds, oldest first.</param>
public sealed record PaymentView(
    string Id,
    string OrderId,
    Money Amount,
    PaymentStatus Status,
    string Provider,
    string? ProviderReference,
    Money Captured,
    Money Refunded,
    PaymentError? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RefundView> Refunds);

/// <summary>One refund of a payment.</summary>
/// <param name="Id">The refund id (<c>re_…</c>).</param>
/// <param name="Amount">What was refunded.</param>
/// <param name="ProviderReference">The provider's id of the refund.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record RefundView(string Id, Money Amount, string? ProviderReference, DateTimeOffset CreatedAt);

/// <summary>The outcome of a payment call.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Payment">The payment after the call; null only for <see cref="PaymentOutcome.NotFound"/> and requests rejected before a payment existed.</param>
/// <param name="Error">Why, for <see cref="PaymentOutcome.Declined"/>, <see cref="PaymentOutcome.Rejected"/> and <see cref="PaymentOutcome.Unavailable"/>.</param>
/// <param name="NextAction">The step the customer must take, for <see cref="PaymentOutcome.RequiresAction"/>.</param>
public sealed record PaymentResult(PaymentOutcome Outcome, PaymentView? Payment, PaymentError? Error = null, NextAction? NextAction = null);

/// <summary>The outcome of a refund call.</summary>
/// <param name="Outcome">How it ended; <see cref="PaymentOutcome.Unknown"/> means the refund may have been made, retry with the same key.</param>
/// <param name="Refund">The refund, when it succeeded.</param>
/// <param name="Payment">The payment after the call.</param>
/// <param name="Error">Why it was rejected or could not be made.</param>
public sealed record RefundResult(PaymentOutcome Outcome, RefundView? Refund, PaymentView? Payment, PaymentError? Error = null);

/// <summary>Codes of <see cref="PaymentError"/> that the orchestrator itself produces; declines carry the provider's codes.</summary>
public static class PaymentErrorCodes
{
    /// <summary>A field of the request is missing or malformed.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>A card number was sent where a provider token belongs; it was neither stored nor logged.</summary>
    public const string CardNumberRejected = "card_number_rejected";

    /// <summary>The idempotency key was used before with another order, amount or token.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>The payment's status does not allow the call (capturing a voided payment).</summary>
    public const string InvalidState = "invalid_state";

    /// <summary>A capture larger than the authorization.</summary>
    public const string CaptureExceedsAuthorized = "capture_exceeds_authorized";

    /// <summary>Refunds that would add up to more than the capture.</summary>
    public const string RefundExceedsCaptured = "refund_exceeds_captured";

    /// <summary>An amount in another currency than the payment's.</summary>
    public const string CurrencyMismatch = "currency_mismatch";

    /// <summary>The provider is unreachable or its circuit is open; nothing was sent.</summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>The provider's answer was lost; the outcome is unknown.</summary>
    public const string ProviderTimeout = "provider_timeout";

    /// <summary>The customer did not finish the extra step in time.</summary>
    public const string ActionAbandoned = "action_abandoned";

    /// <summary>The provider has no record of the attempt: nothing was charged.</summary>
    public const string NotFoundAtProvider = "not_found_at_provider";
}
