using System.Collections.Concurrent;

using Meridian.Payments.Contracts;
using Meridian.Payments.Data;
using Meridian.Payments.Domain;
using Meridian.SharedKernel;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Polly.Timeout;

namespace Meridian.Payments.Orchestration;

/// <summary>
/// The orchestrator behind <see cref="IPayments"/>: records each attempt before the provider is called
/// (so a crash or a timeout always leaves a record for recovery), calls the provider through its
/// resilience pipeline, and turns the provider's answer, or the lack of one, into the payment's status.
/// </summary>
internal sealed partial class PaymentOrchestrator(
    IServiceScopeFactory scopes,
    IEnumerable<IPaymentProvider> providers,
    ProviderPipelines pipelines,
    IOptions<PaymentsOptions> options,
    TimeProvider time,
    ILogger<PaymentOrchestrator> logger) : IPayments, IPaymentRecovery
{
    private const int MaxKeyLength = 200;
    private const int MaxRefundKeyLength = 80;
    private const int SaveAttempts = 5;

    private readonly Dictionary<string, IPaymentProvider> _providers = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Authorizations in flight in this process, by key: concurrent calls with one key share one attempt.</summary>
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);

    private sealed record InFlight(string OrderId, Money Amount, string TokenHash, Lazy<Task<PaymentResult>> Work);

    public async Task<PaymentResult> AuthorizeAsync(AuthorizeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Validate(request) is { } rejected)
        {
            return rejected;
        }
        var tokenHash = Hash(request.ProviderToken);
        var mine = new InFlight(request.OrderId, request.Amount, tokenHash,
            new Lazy<Task<PaymentResult>>(() => AuthorizeOnceAsync(request, tokenHash), LazyThreadSafetyMode.ExecutionAndPublication));
        var flight = _inFlight.GetOrAdd(request.IdempotencyKey, mine);
        try
        {
            if (flight.OrderId != request.OrderId || flight.Amount != request.Amount || flight.TokenHash != tokenHash)
            {
                return KeyReused();
            }
            // The shared attempt runs to its end whatever one caller's token does; the caller stops waiting.
            return await flight.Work.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, InFlight>(request.IdempotencyKey, flight));
        }
    }

    private PaymentResult? Validate(AuthorizeRequest request)
    {
        if (PaymentTokens.LooksLikeCardNumber(request.ProviderToken))
        {
            // Neither the token nor any part of it is logged or stored.
            logger.CardNumberRejected(request.OrderId.Length <= 64 ? request.OrderId : "(invalid)");
            return Rejected(PaymentErrorCodes.CardNumberRejected, "Send a provider token from the payment form, never a card number.");
        }
        string? problem = null;
        if (string.IsNullOrWhiteSpace(request.OrderId) || request.OrderId.Length > 64)
        {
            problem = "An order id of 1 to 64 characters is required.";
        }
        else if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxKeyLength)
        {
            problem = $"An idempotency key of 1 to {MaxKeyLength} characters is required.";
        }
        else if (!PaymentTokens.IsWellFormedToken(request.ProviderToken))
        {
            problem = "A provider token (letters, digits, '_' and '-') is required.";
        }
        else if (request.Amount.Amount <= 0 || !Money.IsSupportedCurrency(request.Amount.Currency))
        {
            problem = "A positive amount in a supported currency is required.";
        }
        else if (request.CustomerId?.Length > 64 || request.Channel?.Length > 64)
        {
            problem = "Customer and channel ids have at most 64 characters.";
        }
        return problem is null ? null : Rejected(PaymentErrorCodes.InvalidRequest, problem);
    }

    private async Task<PaymentResult> AuthorizeOnceAsync(AuthorizeRequest request, string tokenHash)
    {
        var cancellationToken = CancellationToken.None;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var payment = await db.Payments.FirstOrDefaultAsync(p => p.IdempotencyKey == request.IdempotencyKey, cancellationToken);
        if (payment is null)
        {
            var now = time.GetUtcNow();
            payment = new Payment
            {
                Id = Ids.New("pay"),
                OrderId = request.OrderId,
                IdempotencyKey = request.IdempotencyKey,
                Provider = options.Value.Provider,
                TokenHash = tokenHash,
                CustomerId = request.CustomerId,
                Channel = request.Channel,
                CaptureMode = request.Capture,
                Currency = request.Amount.Currency,
                Amount = request.Amount.Amount,
                Status = PaymentStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Payments.Add(payment);
            try
            {
                // The record exists before the provider hears of it: nothing can be charged without one.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another replica claimed the key first.
                db.ChangeTracker.Clear();
                payment = await db.Payments.FirstAsync(p => p.IdempotencyKey == request.IdempotencyKey, cancellationToken);
            }
        }
        if (payment.OrderId != request.OrderId || payment.Amount != request.Amount.Amount || payment.Currency != request.Amount.Currency
            || payment.TokenHash != tokenHash)
        {
            return KeyReused();
        }
        if (payment.Status == PaymentStatus.Failed && payment.FailureCode == PaymentErrorCodes.ProviderUnavailable)
        {
            // Nothing reached the provider last time, so the same attempt may try again.
            payment.Retrying(time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (payment.Status != PaymentStatus.Pending)
        {
            // A pending payment (this call's, or one a crashed process left) goes on to the provider: the
            // key makes the call idempotent there. Anything else has an answer already.
            return await ReplayAsync(db, payment, cancellationToken);
        }

        var provider = ProviderOf(payment);
        var trace = new CallTrace();
        try
        {
            var charge = await pipelines.ExecuteAsync(provider.Name, payment.IdempotencyKey,
                token => provider.AuthorizeAsync(
                    new ProviderAuthorization(payment.IdempotencyKey, payment.OrderId, request.Amount, request.ProviderToken, request.Capture == CaptureMode.Immediate),
                    token),
                trace, cancellationToken);
            return await SaveOutcomeAsync(db, payment, p => Apply(p, charge), cancellationToken);
        }
        catch (Exception exception) when (IsProviderFailure(exception))
        {
            return await AfterFailureAsync(db, payment, exception, trace, cancellationToken);
        }
    }

    /// <summary>What a failed authorize or confirm call means for the payment.</summary>
    private async Task<PaymentResult> AfterFailureAsync(PaymentsDbContext db, Payment payment, Exception exception, CallTrace trace, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case TimeoutRejectedException:
                // The provider is slow: do not pile a lookup onto it. The payment may be charged; recovery settles it.
                logger.PaymentUnknown(payment.Id);
                return await SaveOutcomeAsync(db, payment, p =>
                {
                    p.Unknown(time.GetUtcNow());
                    return new PaymentResult(PaymentOutcome.Unknown, p.ToView(), new PaymentError(PaymentErrorCodes.ProviderTimeout, p.FailureMessage!));
                }, cancellationToken);
            case PaymentProviderException { IsTransient: false } refused:
                logger.ProviderError(payment.Id, refused.Code);
                if (payment.Status == PaymentStatus.RequiresAction)
                {
                    return new PaymentResult(PaymentOutcome.Rejected, payment.ToView(), new PaymentError(refused.Code, "The payment provider refused the request."));
                }
                return await SaveOutcomeAsync(db, payment, p =>
                {
                    p.Failed(refused.Code, "The payment provider refused the request.", null, time.GetUtcNow());
                    return new PaymentResult(PaymentOutcome.Rejected, p.ToView(), new PaymentError(refused.Code, p.FailureMessage!));
                }, cancellationToken);
            default:
                if (!trace.Reached)
                {
                    logger.ProviderUnavailable(payment.Id);
                    if (payment.Status == PaymentStatus.RequiresAction)
                    {
                        return Unavailable(payment.ToView());
                    }
                    return await SaveOutcomeAsync(db, payment, p =>
                    {
                        p.Failed(PaymentErrorCodes.ProviderUnavailable, "The payment provider is unavailable; nothing was charged. Try again shortly.", null, time.GetUtcNow());
                        return Unavailable(p.ToView());
                    }, cancellationToken);
                }
                // The provider answered with an error, so it is up: ask it what really happened.
                logger.ProviderError(payment.Id, (exception as PaymentProviderException)?.Code ?? exception.GetType().Name);
                return await LookupAndSettleAsync(db, payment, orderGone: false, abandonAction: false, cancellationToken,
                    providerFailing: exception is PaymentProviderException { IsTransient: true });
        }
    }

    public Task<PaymentResult> ConfirmAsync(string paymentId, CancellationToken cancellationToken = default) =>
        WithPaymentAsync(paymentId, async (db, payment) =>
        {
            if (payment.Status != PaymentStatus.RequiresAction)
            {
                return payment.Status is PaymentStatus.Authorized or PaymentStatus.Captured
                    ? new PaymentResult(PaymentOutcome.Succeeded, payment.ToView())
                    : InvalidState(payment, "confirmed");
            }
            var provider = ProviderOf(payment);
            var trace = new CallTrace();
            try
            {
                var charge = await pipelines.ExecuteAsync(provider.Name, $"{payment.Id}:confirm",
                    token => provider.ConfirmAsync(payment.ProviderReference!, $"{payment.Id}:confirm", token), trace, CancellationToken.None);
                return await SaveOutcomeAsync(db, payment, p => Apply(p, charge), CancellationToken.None);
            }
            catch (Exception exception) when (IsProviderFailure(exception))
            {
                return await AfterFailureAsync(db, payment, exception, trace, CancellationToken.None);
            }
        }, cancellationToken);

    public Task<PaymentResult> CaptureAsync(string paymentId, Money? amount = null, CancellationToken cancellationToken = default) =>
        WithPaymentAsync(paymentId, async (db, payment) =>
        {
            if (payment.Status is PaymentStatus.Captured or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded)
            {
                return new PaymentResult(PaymentOutcome.Succeeded, payment.ToView());
            }
            if (!payment.CanCapture)
            {
                return InvalidState(payment, "captured");
            }
            var toCapture = amount ?? payment.Money(payment.AuthorizedAmount);
            if (toCapture.Currency != payment.Currency)
            {
                return Rejected(PaymentErrorCodes.CurrencyMismatch, $"The payment is in {payment.Currency}.", payment);
            }
            if (toCapture.Amount <= 0 || toCapture.Amount > payment.AuthorizedAmount)
            {
                return Rejected(PaymentErrorCodes.CaptureExceedsAuthorized, $"Capture between 1 and {payment.AuthorizedAmount} (the authorized amount).", payment);
            }
            var provider = ProviderOf(payment);
            var key = $"{payment.Id}:capture";
            return await MoveMoneyAsync(db, payment, key,
                token => provider.CaptureAsync(payment.ProviderReference!, toCapture, key, token),
                (p, charge) => Apply(p, charge));
        }, cancellationToken);

    public Task<PaymentResult> VoidAsync(string paymentId, CancellationToken cancellationToken = default) =>
        WithPaymentAsync(paymentId, async (db, payment) =>
        {
            if (payment.Status == PaymentStatus.Voided)
            {
                return new PaymentResult(PaymentOutcome.Succeeded, payment.ToView());
            }
            if (payment.Status is not (PaymentStatus.Authorized or PaymentStatus.RequiresAction))
            {
                return InvalidState(payment, "voided");
            }
            var provider = ProviderOf(payment);
            var key = $"{payment.Id}:void";
            return await MoveMoneyAsync(db, payment, key,
                token => provider.VoidAsync(payment.ProviderReference!, key, token),
                (p, charge) => Apply(p, charge));
        }, cancellationToken);

    public async Task<RefundResult> RefundAsync(string paymentId, Money amount, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxRefundKeyLength)
        {
            return new RefundResult(PaymentOutcome.Rejected, null, null,
                new PaymentError(PaymentErrorCodes.InvalidRequest, $"An idempotency key of 1 to {MaxRefundKeyLength} characters is required."));
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null)
        {
            return new RefundResult(PaymentOutcome.NotFound, null, null);
        }
        if (payment.Refunds.FirstOrDefault(r => r.IdempotencyKey == idempotencyKey) is { } earlier)
        {
            return earlier.Amount == amount.Amount && amount.Currency == payment.Currency
                ? new RefundResult(PaymentOutcome.Succeeded, earlier.ToView(payment.Currency), payment.ToView())
                : RefundRejected(payment, PaymentErrorCodes.IdempotencyKeyReused, "That idempotency key was used for another refund.");
        }
        if (!payment.CanRefund)
        {
            return RefundRejected(payment, PaymentErrorCodes.InvalidState, $"A payment that is {Snake(payment.Status)} cannot be refunded.");
        }
        if (amount.Currency != payment.Currency)
        {
            return RefundRejected(payment, PaymentErrorCodes.CurrencyMismatch, $"The payment is in {payment.Currency}.");
        }
        if (amount.Amount <= 0 || amount.Amount > payment.Refundable)
        {
            return RefundRejected(payment, PaymentErrorCodes.RefundExceedsCaptured, $"Refund between 1 and {payment.Refundable} (captured and not yet refunded).");
        }

        var provider = ProviderOf(payment);
        var providerKey = $"{payment.Id}:refund:{idempotencyKey}";
        var trace = new CallTrace();
        ProviderRefund made;
        try
        {
            made = await pipelines.ExecuteAsync(provider.Name, providerKey,
                token => provider.RefundAsync(payment.ProviderReference!, amount, providerKey, token), trace, CancellationToken.None);
        }
        catch (Exception exception) when (IsProviderFailure(exception))
        {
            var result = MoveFailed(payment, exception, trace);
            return new RefundResult(result.Outcome, null, result.Payment, result.Error);
        }

        for (var attempt = 1; ; attempt++)
        {
            if (payment.Refunds.FirstOrDefault(r => r.IdempotencyKey == idempotencyKey) is { } raced)
            {
                return new RefundResult(PaymentOutcome.Succeeded, raced.ToView(payment.Currency), payment.ToView());
            }
            var now = time.GetUtcNow();
            var refund = new Refund
            {
                Id = Ids.New("re"),
                PaymentId = payment.Id,
                IdempotencyKey = idempotencyKey,
                Amount = amount.Amount,
                ProviderReference = made.Reference,
                CreatedAt = now,
            };
            payment.AddRefund(refund, now);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                logger.Refunded(refund.Id, payment.Id, refund.Amount, payment.Currency);
                return new RefundResult(PaymentOutcome.Succeeded, refund.ToView(payment.Currency), payment.ToView());
            }
            catch (DbUpdateException) when (attempt < SaveAttempts)
            {
                // Another refund of this payment committed first: apply ours to the fresh row.
                db.ChangeTracker.Clear();
                payment = await db.Payments.FirstAsync(p => p.Id == paymentId, CancellationToken.None);
            }
        }
    }

    public async Task<PaymentView?> GetAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        return payment?.ToView();
    }

    public async Task<IReadOnlyList<PaymentView>> FindByOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).ToListAsync(cancellationToken);
        return payments.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.ToView()).ToList();
    }

    public Task<PaymentResult> ResolveAsync(string paymentId, bool orderGone = false, CancellationToken cancellationToken = default) =>
        WithPaymentAsync(paymentId, (db, payment) => payment.IsUnsettled
            ? LookupAndSettleAsync(db, payment, orderGone, abandonAction: false, CancellationToken.None)
            : Task.FromResult(Replay(payment)), cancellationToken);

    public async Task<RecoveryReport> RecoverAsync(Func<string, CancellationToken, Task<bool>>? orderExists = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value.Recovery;
        var now = time.GetUtcNow();
        var unknownBefore = now - settings.UnknownAfter;
        var actionBefore = now - settings.ActionTimeout;
        List<string> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
            ids = await db.Payments.AsNoTracking()
                .Where(p => ((p.Status == PaymentStatus.Pending || p.Status == PaymentStatus.Unknown) && p.UpdatedAt <= unknownBefore)
                    || (p.Status == PaymentStatus.RequiresAction && p.UpdatedAt <= actionBefore))
                .OrderBy(p => p.UpdatedAt)
                .Select(p => p.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
        }
        int authorized = 0, voided = 0, failed = 0, unknown = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await WithPaymentAsync(id, async (db, payment) =>
            {
                if (!payment.IsUnsettled)
                {
                    return Replay(payment);
                }
                var gone = orderExists is not null && !await orderExists(payment.OrderId, cancellationToken);
                return await LookupAndSettleAsync(db, payment, gone, abandonAction: payment.Status == PaymentStatus.RequiresAction, CancellationToken.None);
            }, cancellationToken);
            switch (result.Payment?.Status)
            {
                case PaymentStatus.Authorized or PaymentStatus.Captured or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded:
                    authorized++;
                    break;
                case PaymentStatus.Voided:
                    voided++;
                    break;
                case PaymentStatus.Failed:
                    failed++;
                    break;
                default:
                    unknown++;
                    break;
            }
        }
        var report = new RecoveryReport(ids.Count, authorized, voided, failed, unknown);
        if (ids.Count > 0)
        {
            logger.Recovered(report.Examined, report.Authorized, report.Voided, report.Failed, report.StillUnknown);
        }
        return report;
    }
}
