using Meridian.Payments.Contracts;

namespace Meridian.Payments.Providers.Test;

/// <summary>
/// A charge as the test provider keeps it, in <c>payments_test_charges</c>: the provider's side of the
/// story, separate from the orchestrator's payments, as a real provider's would be.
/// </summary>
internal sealed class TestCharge
{
    public required string Reference { get; init; }
    public required string IdempotencyKey { get; init; }
    public required string OrderId { get; init; }

    /// <summary>The test token (a scenario name, never card data); it decides how confirmation behaves.</summary>
    public required string Token { get; init; }
    public required string Currency { get; init; }
    public bool CaptureImmediately { get; init; }

    /// <summary>What the authorization asked for, to refuse the same key with another amount.</summary>
    public long RequestedAmount { get; init; }
    public ProviderStatus Status { get; set; }
    public long AuthorizedAmount { get; set; }
    public long CapturedAmount { get; set; }
    public long RefundedAmount { get; set; }
    public string? DeclineCode { get; set; }
    public string? DeclineMessage { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two refunds at once never both pass the "at most captured" check.</summary>
    public int Version { get; set; }
}

/// <summary>
/// One money-moving call the test provider accepted, in <c>payments_test_ledger</c>, claimed by its
/// idempotency key (unique), so a key moves money once however often and however concurrently it is sent.
/// </summary>
internal sealed class TestLedgerEntry
{
    public required string Id { get; init; }
    public required string IdempotencyKey { get; init; }
    public required string Kind { get; init; }
    public required string ChargeReference { get; init; }
    public required string OrderId { get; init; }
    public long Amount { get; init; }
    public required string Currency { get; init; }

    /// <summary>What the call did: <c>authorized</c>, <c>captured</c>, <c>declined</c>, <c>refunded</c>…</summary>
    public required string Result { get; init; }

    /// <summary>The error the call answered with although it did its work; replayed for the same key.</summary>
    public string? ErrorCode { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Kinds of <see cref="TestLedgerEntry"/>.</summary>
internal static class LedgerKinds
{
    public const string Authorize = "authorize";
    public const string Confirm = "confirm";
    public const string Capture = "capture";
    public const string Void = "void";
    public const string Refund = "refund";
}
