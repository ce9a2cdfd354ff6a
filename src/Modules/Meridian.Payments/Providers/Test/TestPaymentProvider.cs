using Meridian.Payments.Contracts;
using Meridian.Payments.Data;
using Meridian.SharedKernel;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Payments.Providers.Test;

/// <summary>
/// The built-in <c>test</c> provider: a faithful simulator of a card network behind
/// <see cref="IPaymentProvider"/>, driven by <see cref="TestTokens"/>. Like a real provider it keeps its
/// own ledger (persisted, so it survives a restart), honours idempotency keys (same key → same result,
/// never a second charge; same key with other parameters → refused), holds authorizations, captures at
/// most what it holds, refunds at most what it captured, and voids only what is not captured.
/// </summary>
internal sealed class TestPaymentProvider(IServiceScopeFactory scopes, TimeProvider time) : IPaymentProvider
{
    private const int ConcurrencyAttempts = 5;

    public string Name => TestTokens.ProviderName;

    /// <summary>Called each time a call starts to hang (tests await it instead of sleeping).</summary>
    public Action? OnHang { get; set; }

    public async Task<ProviderCharge> AuthorizeAsync(ProviderAuthorization request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Token == TestTokens.ProviderDown)
        {
            throw new PaymentProviderException("provider_error", "The test provider is down (503).", isTransient: true);
        }
        if (!PaymentTokens.IsWellFormedToken(request.Token))
        {
            throw new PaymentProviderException("invalid_token", "The token is not a provider token.", isTransient: false);
        }
        if (request.Amount.Amount <= 0)
        {
            throw new PaymentProviderException("invalid_amount", "The amount must be positive.", isTransient: false);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var entry = await db.TestLedger.AsNoTracking().FirstOrDefaultAsync(e => e.IdempotencyKey == request.IdempotencyKey, cancellationToken);
        if (entry is null)
        {
            var now = time.GetUtcNow();
            var charge = NewCharge(request, now);
            entry = Entry(LedgerKinds.Authorize, request.IdempotencyKey, charge, request.Amount.Amount, ResultOf(charge), now,
                errorCode: request.Token == TestTokens.FailAfterAuthorize ? "provider_error" : null);
            db.TestCharges.Add(charge);
            db.TestLedger.Add(entry);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another call with the same key won the claim: replay its result.
                db.ChangeTracker.Clear();
                entry = await db.TestLedger.AsNoTracking().FirstAsync(e => e.IdempotencyKey == request.IdempotencyKey, cancellationToken);
            }
        }

        var stored = await db.TestCharges.AsNoTracking().FirstAsync(c => c.Reference == entry.ChargeReference, cancellationToken);
        if (stored.OrderId != request.OrderId || stored.RequestedAmount != request.Amount.Amount
            || stored.Currency != request.Amount.Currency || stored.Token != request.Token)
        {
            throw new PaymentProviderException(PaymentErrorCodes.IdempotencyKeyReused, "The idempotency key was used with other parameters.", isTransient: false);
        }
        return await Answer(entry, stored, cancellationToken);
    }

    public async Task<ProviderCharge> ConfirmAsync(string reference, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (entry, charge) = await MutateAsync(LedgerKinds.Confirm, reference, idempotencyKey, 0, (charge, now) =>
        {
            if (charge.Status != ProviderStatus.RequiresAction)
            {
                throw InvalidState(charge, "confirm");
            }
            if (charge.Token == TestTokens.ThreeDSecureFail)
            {
                charge.Status = ProviderStatus.Declined;
                charge.DeclineCode = "authentication_failed";
                charge.DeclineMessage = "The card's issuer could not authenticate the payment. Try another card.";
                charge.AuthorizedAmount = 0;
                return charge.AuthorizedAmount;
            }
            charge.Status = charge.CaptureImmediately ? ProviderStatus.Captured : ProviderStatus.Authorized;
            charge.CapturedAmount = charge.CaptureImmediately ? charge.AuthorizedAmount : 0;
            return charge.AuthorizedAmount;
        }, cancellationToken);
        return await Answer(entry, charge, cancellationToken);
    }

    public async Task<ProviderCharge> CaptureAsync(string reference, Money amount, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (_, charge) = await MutateAsync(LedgerKinds.Capture, reference, idempotencyKey, amount.Amount, (charge, now) =>
        {
            if (charge.Status != ProviderStatus.Authorized)
            {
                throw InvalidState(charge, "capture");
            }
            CheckAmount(charge, amount, charge.AuthorizedAmount, "capture_exceeds_authorized");
            charge.Status = ProviderStatus.Captured;
            charge.CapturedAmount = amount.Amount;
            return amount.Amount;
        }, cancellationToken);
        return ToCharge(charge);
    }

    public async Task<ProviderCharge> VoidAsync(string reference, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (_, charge) = await MutateAsync(LedgerKinds.Void, reference, idempotencyKey, 0, (charge, now) =>
        {
            if (charge.Status is not (ProviderStatus.Authorized or ProviderStatus.RequiresAction))
            {
                throw InvalidState(charge, "void");
            }
            charge.Status = ProviderStatus.Voided;
            return charge.AuthorizedAmount;
        }, cancellationToken);
        return ToCharge(charge);
    }

    public async Task<ProviderRefund> RefundAsync(string reference, Money amount, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (entry, charge) = await MutateAsync(LedgerKinds.Refund, reference, idempotencyKey, amount.Amount, (charge, now) =>
        {
            if (charge.Status != ProviderStatus.Captured)
            {
                throw InvalidState(charge, "refund");
            }
            CheckAmount(charge, amount, charge.CapturedAmount - charge.RefundedAmount, "refund_exceeds_captured");
            charge.RefundedAmount += amount.Amount;
            return amount.Amount;
        }, cancellationToken);
        if (entry.Amount != amount.Amount)
        {
            throw new PaymentProviderException(PaymentErrorCodes.IdempotencyKeyReused, "The idempotency key was used with another amount.", isTransient: false);
        }
        return new ProviderRefund(entry.Id, new Money(entry.Amount, entry.Currency), ToCharge(charge));
    }

    public async Task<ProviderCharge?> LookupAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        if (OnLookup is { } onLookup)
        {
            await onLookup(cancellationToken);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var entry = await db.TestLedger.AsNoTracking()
            .FirstOrDefaultAsync(e => e.IdempotencyKey == idempotencyKey && e.Kind == LedgerKinds.Authorize, cancellationToken);
        if (entry is null)
        {
            return null;
        }
        var charge = await db.TestCharges.AsNoTracking().FirstAsync(c => c.Reference == entry.ChargeReference, cancellationToken);
        return ToCharge(charge);
    }

    /// <summary>A hook run before each lookup; tests use it to make lookups fail.</summary>
    public Func<CancellationToken, Task>? OnLookup { get; set; }

    /// <summary>The ledger entries of an order, oldest first: what the provider did for it.</summary>
    public async Task<IReadOnlyList<TestLedgerEntry>> LedgerAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var entries = await db.TestLedger.AsNoTracking().Where(e => e.OrderId == orderId).ToListAsync(cancellationToken);
        return entries.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The charges of an order at the provider.</summary>
    public async Task<IReadOnlyList<TestCharge>> ChargesAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var charges = await db.TestCharges.AsNoTracking().Where(c => c.OrderId == orderId).ToListAsync(cancellationToken);
        return charges.OrderBy(c => c.CreatedAt).ThenBy(c => c.Reference, StringComparer.Ordinal).ToList();
    }

    private async Task<ProviderCharge> Answer(TestLedgerEntry entry, TestCharge charge, CancellationToken cancellationToken)
    {
        if (charge.Token == TestTokens.Timeout && entry.Kind is LedgerKinds.Authorize or LedgerKinds.Confirm)
        {
            // The work is done and recorded, but the answer never arrives in time.
            OnHang?.Invoke();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, time, cancellationToken);
        }
        if (entry.ErrorCode is { } error)
        {
            throw new PaymentProviderException(error, "The test provider failed after doing its work (500).", isTransient: true);
        }
        return ToCharge(charge);
    }

    private async Task<(TestLedgerEntry Entry, TestCharge Charge)> MutateAsync(
        string kind, string reference, string idempotencyKey, long amount, Func<TestCharge, DateTimeOffset, long> apply,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
            var existing = await db.TestLedger.AsNoTracking().FirstOrDefaultAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken);
            if (existing is not null)
            {
                if (existing.Kind != kind || existing.ChargeReference != reference)
                {
                    throw new PaymentProviderException(PaymentErrorCodes.IdempotencyKeyReused, "The idempotency key was used for another call.", isTransient: false);
                }
                return (existing, await db.TestCharges.AsNoTracking().FirstAsync(c => c.Reference == reference, cancellationToken));
            }
            var charge = await db.TestCharges.FirstOrDefaultAsync(c => c.Reference == reference, cancellationToken)
                ?? throw new PaymentProviderException("no_such_charge", "The provider has no such charge.", isTransient: false);
            var now = time.GetUtcNow();
            var moved = apply(charge, now);
            charge.UpdatedAt = now;
            charge.Version++;
            var entry = Entry(kind, idempotencyKey, charge, kind is LedgerKinds.Capture or LedgerKinds.Refund ? amount : moved, ResultOf(charge), now);
            db.TestLedger.Add(entry);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (entry, charge);
            }
            catch (DbUpdateException) when (attempt < ConcurrencyAttempts)
            {
                // The key was claimed or the charge changed under us: look again.
            }
        }
    }

    private static void CheckAmount(TestCharge charge, Money amount, long limit, string code)
    {
        if (amount.Currency != charge.Currency)
        {
            throw new PaymentProviderException(PaymentErrorCodes.CurrencyMismatch, "The currency differs from the charge's.", isTransient: false);
        }
        if (amount.Amount <= 0 || amount.Amount > limit)
        {
            throw new PaymentProviderException(code, $"The amount must be between 1 and {limit}.", isTransient: false);
        }
    }

    private static PaymentProviderException InvalidState(TestCharge charge, string what) =>
        new(PaymentErrorCodes.InvalidState, $"Cannot {what} a charge that is {charge.Status}.", isTransient: false);

    private static TestCharge NewCharge(ProviderAuthorization request, DateTimeOffset now)
    {
        var charge = new TestCharge
        {
            Reference = Ids.New("ch"),
            IdempotencyKey = request.IdempotencyKey,
            OrderId = request.OrderId,
            Token = request.Token,
            Currency = request.Amount.Currency,
            CaptureImmediately = request.CaptureImmediately,
            RequestedAmount = request.Amount.Amount,
            AuthorizedAmount = request.Amount.Amount,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var decline = request.Token switch
        {
            TestTokens.DeclineInsufficientFunds => ("insufficient_funds", "The card has insufficient funds. Try another card."),
            TestTokens.DeclineCardDeclined => ("card_declined", "The card was declined. Try another card."),
            TestTokens.DeclineExpired => ("expired_card", "The card has expired. Try another card."),
            _ => default((string Code, string Message)?),
        };
        if (decline is { } d)
        {
            charge.Status = ProviderStatus.Declined;
            charge.DeclineCode = d.Code;
            charge.DeclineMessage = d.Message;
            charge.AuthorizedAmount = 0;
        }
        else if (request.Token is TestTokens.ThreeDSecure or TestTokens.ThreeDSecureFail)
        {
            charge.Status = ProviderStatus.RequiresAction;
        }
        else
        {
            charge.Status = request.CaptureImmediately ? ProviderStatus.Captured : ProviderStatus.Authorized;
            charge.CapturedAmount = request.CaptureImmediately ? request.Amount.Amount : 0;
        }
        return charge;
    }

    private static TestLedgerEntry Entry(string kind, string key, TestCharge charge, long amount, string result, DateTimeOffset now, string? errorCode = null) => new()
    {
        Id = Ids.New("le"),
        IdempotencyKey = key,
        Kind = kind,
        ChargeReference = charge.Reference,
        OrderId = charge.OrderId,
        Amount = amount,
        Currency = charge.Currency,
        Result = result,
        ErrorCode = errorCode,
        CreatedAt = now,
    };

    private static string ResultOf(TestCharge charge) => charge.Status switch
    {
        ProviderStatus.RequiresAction => "requires_action",
        ProviderStatus.Authorized => "authorized",
        ProviderStatus.Captured => charge.RefundedAmount > 0 ? "refunded" : "captured",
        ProviderStatus.Voided => "voided",
        _ => "declined",
    };

    internal static ProviderCharge ToCharge(TestCharge charge) => new(
        charge.Reference,
        charge.Status,
        new Money(charge.AuthorizedAmount, charge.Currency),
        new Money(charge.CapturedAmount, charge.Currency),
        new Money(charge.RefundedAmount, charge.Currency),
        charge.DeclineCode,
        charge.DeclineMessage,
        charge.Status == ProviderStatus.RequiresAction
            ? new NextAction("three_d_secure", $"https://test-provider.meridian.invalid/3ds/{charge.Reference}", $"{charge.Reference}_secret")
            : null);
}
