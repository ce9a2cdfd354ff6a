namespace Meridian.Payments.Contracts;

/// <summary>
/// Tokens the built-in test provider (<c>test</c>) understands, as a card network would behave. Any
/// other well-formed token is approved like <see cref="Visa"/>. The provider keeps a ledger, so a test
/// can prove that an order was charged exactly once.
/// </summary>
public static class TestTokens
{
    /// <summary>The provider's name.</summary>
    public const string ProviderName = "test";

    /// <summary>Approves: the authorization holds the amount; capture, void and refunds behave normally.</summary>
    public const string Visa = "tok_visa";

    /// <summary>Declines with <c>insufficient_funds</c>.</summary>
    public const string DeclineInsufficientFunds = "tok_decline_insufficient_funds";

    /// <summary>Declines with <c>card_declined</c>.</summary>
    public const string DeclineCardDeclined = "tok_decline_card_declined";

    /// <summary>Declines with <c>expired_card</c>.</summary>
    public const string DeclineExpired = "tok_decline_expired";

    /// <summary>
    /// The provider authorizes and records the charge, but its answer never arrives in time, on every
    /// attempt with that key: the orchestrator reports <see cref="PaymentOutcome.Unknown"/>. A lookup by
    /// the idempotency key finds the authorization.
    /// </summary>
    public const string Timeout = "tok_timeout";

    /// <summary>
    /// The provider authorizes and records the charge, then answers with a server error (replayed for the
    /// same key, as real providers do); the orchestrator learns the truth with a lookup.
    /// </summary>
    public const string FailAfterAuthorize = "tok_fail_after_authorize";

    /// <summary>Requires a 3-D Secure challenge; confirming it authorizes.</summary>
    public const string ThreeDSecure = "tok_3ds";

    /// <summary>Requires a 3-D Secure challenge that the customer fails; confirming it declines with <c>authentication_failed</c>.</summary>
    public const string ThreeDSecureFail = "tok_3ds_fail";

    /// <summary>The provider is down: every call with it fails with a server error before anything is recorded.</summary>
    public const string ProviderDown = "tok_provider_down";
}
