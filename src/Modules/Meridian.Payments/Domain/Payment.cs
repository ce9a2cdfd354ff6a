using Meridian.Payments.Contracts;
using Meridian.SharedKernel;

namespace Meridian.Payments.Domain;

/// <summary>
/// One payment attempt for an order. Holds only what the provider gave back (its reference) and the
/// hash of the token, never card data. Its status changes only through the methods below, which
/// enforce the state machine and the money rules.
/// </summary>
internal sealed class Payment
{
    public required string Id { get; init; }
    public required string OrderId { get; init; }
    public required string IdempotencyKey { get; init; }
    public required string Provider { get; init; }

    /// <summary>SHA-256 of the provider token, to tell "same key, other token" without keeping the token.</summary>
    public required string TokenHash { get; init; }
    public string? CustomerId { get; init; }
    public string? Channel { get; init; }
    public CaptureMode CaptureMode { get; init; }
    public required string Currency { get; init; }
    public long Amount { get; init; }
    public PaymentStatus Status { get; set; }
    public string? ProviderReference { get; set; }
    public long AuthorizedAmount { get; set; }
    public long CapturedAmount { get; set; }
    public long RefundedAmount { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two concurrent refunds never both pass the "at most captured" check.</summary>
    public int Version { get; set; }
    public List<Refund> Refunds { get; } = [];

    public Money Money(long amount) => new(amount, Currency);

    public bool IsUnsettled => Status is PaymentStatus.Pending or PaymentStatus.Unknown or PaymentStatus.RequiresAction;

    public bool CanCapture => Status == PaymentStatus.Authorized;

    public bool CanVoid => Status is PaymentStatus.Authorized;

    public bool CanRefund => Status is PaymentStatus.Captured or PaymentStatus.PartiallyRefunded;

    public long Refundable => CapturedAmount - RefundedAmount;

    public void Authorized(string reference, long amount, DateTimeOffset now)
    {
        ProviderReference = reference;
        AuthorizedAmount = amount;
        Status = PaymentStatus.Authorized;
        ClearFailure();
        Touch(now);
    }

    public void Captured(string reference, long authorized, long captured, DateTimeOffset now)
    {
        ProviderReference = reference;
        AuthorizedAmount = authorized;
        CapturedAmount = captured;
        Status = RefundedAmount == 0 ? PaymentStatus.Captured : RefundedAmount >= captured ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        ClearFailure();
        Touch(now);
    }

    public void RequiresAction(string reference, DateTimeOffset now)
    {
        ProviderReference = reference;
        Status = PaymentStatus.RequiresAction;
        Touch(now);
    }

    public void Voided(DateTimeOffset now)
    {
        Status = PaymentStatus.Voided;
        Touch(now);
    }

    public void Failed(string code, string message, string? reference, DateTimeOffset now)
    {
        Status = PaymentStatus.Failed;
        FailureCode = code;
        FailureMessage = message;
        ProviderReference ??= reference;
        Touch(now);
    }

    public void Unknown(DateTimeOffset now)
    {
        Status = PaymentStatus.Unknown;
        FailureCode = PaymentErrorCodes.ProviderTimeout;
        FailureMessage = "The payment provider did not answer in time; the payment is being checked.";
        Touch(now);
    }

    public void Retrying(DateTimeOffset now)
    {
        Status = PaymentStatus.Pending;
        ClearFailure();
        Touch(now);
    }

    public void AddRefund(Refund refund, DateTimeOffset now)
    {
        Refunds.Add(refund);
        RefundedAmount += refund.Amount;
        Status = RefundedAmount >= CapturedAmount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    private void ClearFailure()
    {
        FailureCode = null;
        FailureMessage = null;
    }

    public PaymentView ToView() => new(
        Id, OrderId, Money(Amount), Status, Provider, ProviderReference, Money(CapturedAmount), Money(RefundedAmount),
        FailureCode is null ? null : new PaymentError(FailureCode, FailureMessage ?? ""),
        CreatedAt, UpdatedAt,
        Refunds.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.ToView(Currency)).ToList());
}

/// <summary>One refund of a payment; its idempotency key is unique per payment.</summary>
internal sealed class Refund
{
    public required string Id { get; init; }
    public required string PaymentId { get; init; }
    public required string IdempotencyKey { get; init; }
    public long Amount { get; init; }
    public string? ProviderReference { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public RefundView ToView(string currency) => new(Id, new Money(Amount, currency), ProviderReference, CreatedAt);
}
