using Meridian.SharedKernel;

namespace Meridian.Payments.Contracts;

/// <summary>
/// The seam for a payment provider (the built-in <c>test</c> simulator; Stripe, Adyen…). Every call
/// that moves money carries an idempotency key, and the provider must honour it: the same key returns
/// the first call's result and never moves money twice. That is what lets the orchestrator retry.
/// </summary>
/// <remarks>
/// A provider answers a decline as a <see cref="ProviderStatus.Declined"/> result, never as an
/// exception. It throws <see cref="PaymentProviderException"/> for errors (marked transient when a
/// retry may succeed) and simply does not return when it is slow; the orchestrator's timeout cancels
/// <c>cancellationToken</c>.
/// </remarks>
public interface IPaymentProvider
{
    /// <summary>The provider's name, stored on each payment (<c>test</c>, <c>stripe</c>).</summary>
    string Name { get; }

    /// <summary>Authorizes (and, with <see cref="ProviderAuthorization.CaptureImmediately"/>, captures) an amount on a token.</summary>
    Task<ProviderCharge> AuthorizeAsync(ProviderAuthorization request, CancellationToken cancellationToken);

    /// <summary>Completes an authorization that required customer action.</summary>
    Task<ProviderCharge> ConfirmAsync(string reference, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Captures up to the authorized amount; the rest of the hold is released.</summary>
    Task<ProviderCharge> CaptureAsync(string reference, Money amount, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Releases an uncaptured authorization.</summary>
    Task<ProviderCharge> VoidAsync(string reference, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Refunds part or all of the captured amount.</summary>
    Task<ProviderRefund> RefundAsync(string reference, Money amount, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The charge an authorization with <paramref name="idempotencyKey"/> created, or null when the provider never saw it.</summary>
    Task<ProviderCharge?> LookupAsync(string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>An authorization as sent to a provider.</summary>
/// <param name="IdempotencyKey">The key of this attempt.</param>
/// <param name="OrderId">The order, as the provider's metadata.</param>
/// <param name="Amount">What to authorize.</param>
/// <param name="Token">The provider token.</param>
/// <param name="CaptureImmediately">Capture in the same call.</param>
public sealed record ProviderAuthorization(string IdempotencyKey, string OrderId, Money Amount, string Token, bool CaptureImmediately);

/// <summary>Where a charge stands at the provider.</summary>
public enum ProviderStatus
{
    /// <summary>Waiting for the customer's extra step.</summary>
    RequiresAction,

    /// <summary>Held.</summary>
    Authorized,

    /// <summary>Captured (refunds do not change this; see <see cref="ProviderCharge.Refunded"/>).</summary>
    Captured,

    /// <summary>Released without capture.</summary>
    Voided,

    /// <summary>Declined; nothing held.</summary>
    Declined,
}

/// <summary>A charge as the provider sees it.</summary>
/// <param name="Reference">The provider's id of the charge.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Authorized">What is or was held.</param>
/// <param name="Captured">What was captured.</param>
/// <param name="Refunded">What was refunded.</param>
/// <param name="DeclineCode">Why it was declined.</param>
/// <param name="DeclineMessage">A message safe to show the shopper.</param>
/// <param name="NextAction">The customer's extra step, for <see cref="ProviderStatus.RequiresAction"/>.</param>
public sealed record ProviderCharge(
    string Reference,
    ProviderStatus Status,
    Money Authorized,
    Money Captured,
    Money Refunded,
    string? DeclineCode = null,
    string? DeclineMessage = null,
    NextAction? NextAction = null);

/// <summary>A refund as the provider made it.</summary>
/// <param name="Reference">The provider's id of the refund.</param>
/// <param name="Amount">What was refunded.</param>
/// <param name="Charge">The charge after the refund.</param>
public sealed record ProviderRefund(string Reference, Money Amount, ProviderCharge Charge);

/// <summary>A provider error (not a decline). <see cref="IsTransient"/> says whether a retry with the same key may succeed.</summary>
public sealed class PaymentProviderException : Exception
{
    /// <summary>Creates the error.</summary>
    public PaymentProviderException(string code, string message, bool isTransient)
        : base(message)
    {
        Code = code;
        IsTransient = isTransient;
    }

    /// <summary>Creates a transient error.</summary>
    public PaymentProviderException()
        : this("provider_error", "The payment provider failed.", isTransient: true)
    {
    }

    /// <summary>Creates a transient error with a message.</summary>
    public PaymentProviderException(string message)
        : this("provider_error", message, isTransient: true)
    {
    }

    /// <summary>Creates a transient error with a message and a cause.</summary>
    public PaymentProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "provider_error";
        IsTransient = true;
    }

    /// <summary>A stable code (<c>provider_error</c>, <c>invalid_state</c>, <c>amount_too_large</c>).</summary>
    public string Code { get; } = "provider_error";

    /// <summary>True when the same call may succeed later (a 5xx, a network error); false for a request the provider refuses.</summary>
    public bool IsTransient { get; }
}
