using System.Security.Cryptography;
using System.Text;

using Meridian.Payments.Contracts;
using Meridian.Payments.Data;
using Meridian.Payments.Domain;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Meridian.Payments.Orchestration;

/// <summary>How provider answers become payment statuses, and the small helpers around them.</summary>
internal sealed partial class PaymentOrchestrator
{
    private const string LostAnswer = "The payment provider's answer was lost; retrying the same call is safe.";

    private async Task<PaymentResult> WithPaymentAsync(
        string paymentId, Func<PaymentsDbContext, Payment, Task<PaymentResult>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        return payment is null ? new PaymentResult(PaymentOutcome.NotFound, null) : await work(db, payment);
    }

    /// <summary>Captures or voids: the payment changes only when the provider confirms.</summary>
    private async Task<PaymentResult> MoveMoneyAsync(
        PaymentsDbContext db, Payment payment, string key, Func<CancellationToken, Task<ProviderCharge>> call, Func<Payment, ProviderCharge, PaymentResult> apply)
    {
        var trace = new CallTrace();
        try
        {
            var charge = await pipelines.ExecuteAsync(payment.Provider, key, call, trace, CancellationToken.None);
            return await SaveOutcomeAsync(db, payment, p => apply(p, charge), CancellationToken.None);
        }
        catch (Exception exception) when (IsProviderFailure(exception))
        {
            return MoveFailed(payment, exception, trace);
        }
    }

    private PaymentResult MoveFailed(Payment payment, Exception exception, CallTrace trace)
    {
        switch (exception)
        {
            case PaymentProviderException { IsTransient: false } refused:
                logger.ProviderError(payment.Id, refused.Code);
                return new PaymentResult(PaymentOutcome.Rejected, payment.ToView(), new PaymentError(refused.Code, "The payment provider refused the request."));
            case TimeoutRejectedException:
                logger.PaymentUnknown(payment.Id);
                return new PaymentResult(PaymentOutcome.Unknown, payment.ToView(), new PaymentError(PaymentErrorCodes.ProviderTimeout, LostAnswer));
            default:
                if (!trace.Reached)
                {
                    logger.ProviderUnavailable(payment.Id);
                    return Unavailable(payment.ToView());
                }
                logger.ProviderError(payment.Id, (exception as PaymentProviderException)?.Code ?? exception.GetType().Name);
                return new PaymentResult(PaymentOutcome.Unknown, payment.ToView(), new PaymentError(PaymentErrorCodes.ProviderTimeout, LostAnswer));
        }
    }

    /// <summary>Asks the provider, by the attempt's idempotency key, what happened, and records it.</summary>
    /// <param name="db">The payments context.</param>
    /// <param name="payment">The payment to settle.</param>
    /// <param name="orderGone">The order no longer wants the money: void an authorization found.</param>
    /// <param name="abandonAction">A 3-D Secure step waited too long: void it.</param>
    /// <param name="providerFailing">
    /// The call just failed with a transient provider error (an HTTP 503 from the provider, say). When the provider
    /// then has no charge, nothing was charged because the provider is failing, not because the card was refused:
    /// the shopper gets 503 and a retry, not a decline.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    private async Task<PaymentResult> LookupAndSettleAsync(
        PaymentsDbContext db, Payment payment, bool orderGone, bool abandonAction, CancellationToken cancellationToken, bool providerFailing = false)
    {
        var provider = ProviderOf(payment);
        var key = payment.IdempotencyKey;
        ProviderCharge? charge;
        try
        {
            charge = await pipelines.ExecuteAsync(provider.Name, key, token => provider.LookupAsync(key, token), new CallTrace(), cancellationToken);
        }
        catch (Exception exception) when (IsProviderFailure(exception))
        {
            return await StillUnknownAsync(db, payment, cancellationToken);
        }

        var from = payment.Status;
        var release = charge is not null
            && ((charge.Status == ProviderStatus.Authorized && orderGone) || (charge.Status == ProviderStatus.RequiresAction && (orderGone || abandonAction)));
        if (release)
        {
            var voidKey = $"{payment.Id}:void";
            try
            {
                charge = await pipelines.ExecuteAsync(provider.Name, voidKey, token => provider.VoidAsync(charge!.Reference, voidKey, token), new CallTrace(), cancellationToken);
            }
            catch (Exception exception) when (IsProviderFailure(exception))
            {
                return await StillUnknownAsync(db, payment, cancellationToken);
            }
        }
        var result = await SaveOutcomeAsync(db, payment, p =>
        {
            var now = time.GetUtcNow();
            if (charge is null && providerFailing)
            {
                p.Failed(PaymentErrorCodes.ProviderUnavailable, "The payment provider is unavailable; nothing was charged. Try again shortly.", null, now);
                return Unavailable(p.ToView());
            }
            if (charge is null)
            {
                p.Failed(PaymentErrorCodes.NotFoundAtProvider, "The payment was not completed; nothing was charged.", null, now);
                return new PaymentResult(PaymentOutcome.Declined, p.ToView(), new PaymentError(p.FailureCode!, p.FailureMessage!));
            }
            if (release && from == PaymentStatus.RequiresAction && !orderGone)
            {
                p.Failed(PaymentErrorCodes.ActionAbandoned, "The payment's extra verification step was not completed in time.", charge.Reference, now);
                return new PaymentResult(PaymentOutcome.Declined, p.ToView(), new PaymentError(p.FailureCode!, p.FailureMessage!));
            }
            return Apply(p, charge);
        }, cancellationToken);
        logger.PaymentResolved(payment.Id, from, result.Payment!.Status);
        return result;
    }

    private async Task<PaymentResult> StillUnknownAsync(PaymentsDbContext db, Payment payment, CancellationToken cancellationToken)
    {
        if (payment.Status == PaymentStatus.Pending)
        {
            return await SaveOutcomeAsync(db, payment, p =>
            {
                p.Unknown(time.GetUtcNow());
                return Replay(p);
            }, cancellationToken);
        }
        return new PaymentResult(PaymentOutcome.Unknown, payment.ToView(), new PaymentError(PaymentErrorCodes.ProviderTimeout, LostAnswer));
    }

    /// <summary>Records what the provider says about the charge.</summary>
    private PaymentResult Apply(Payment payment, ProviderCharge charge)
    {
        var now = time.GetUtcNow();
        switch (charge.Status)
        {
            case ProviderStatus.Declined:
                payment.Failed(charge.DeclineCode ?? "card_declined", charge.DeclineMessage ?? "The card was declined. Try another card.", charge.Reference, now);
                logger.PaymentDeclined(payment.Id, payment.FailureCode!);
                return new PaymentResult(PaymentOutcome.Declined, payment.ToView(), new PaymentError(payment.FailureCode!, payment.FailureMessage!));
            case ProviderStatus.RequiresAction:
                payment.RequiresAction(charge.Reference, now);
                return new PaymentResult(PaymentOutcome.RequiresAction, payment.ToView(), NextAction: charge.NextAction);
            case ProviderStatus.Authorized:
                payment.Authorized(charge.Reference, charge.Authorized.Amount, now);
                return new PaymentResult(PaymentOutcome.Succeeded, payment.ToView());
            case ProviderStatus.Captured:
                payment.Captured(charge.Reference, charge.Authorized.Amount, charge.Captured.Amount, now);
                return new PaymentResult(PaymentOutcome.Succeeded, payment.ToView());
            default:
                payment.ProviderReference ??= charge.Reference;
                payment.Voided(now);
                return new PaymentResult(PaymentOutcome.Succeeded, payment.ToView());
        }
    }

    /// <summary>Saves what <paramref name="apply"/> did; on a concurrent change, applies it again to the fresh row.</summary>
    private async Task<PaymentResult> SaveOutcomeAsync(
        PaymentsDbContext db, Payment payment, Func<Payment, PaymentResult> apply, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var from = payment.Status;
            var result = apply(payment);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                if (from != payment.Status)
                {
                    logger.PaymentChanged(payment.Id, payment.OrderId, payment.Status, payment.Provider);
                }
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < SaveAttempts)
            {
                db.ChangeTracker.Clear();
                payment = await db.Payments.FirstAsync(p => p.Id == payment.Id, cancellationToken);
            }
        }
    }

    private async Task<PaymentResult> ReplayAsync(PaymentsDbContext db, Payment payment, CancellationToken cancellationToken) =>
        payment.Status == PaymentStatus.RequiresAction
            // The next action (challenge URL, client secret) is the provider's to give, not ours to store.
            ? await LookupAndSettleAsync(db, payment, orderGone: false, abandonAction: false, cancellationToken)
            : Replay(payment);

    private static PaymentResult Replay(Payment payment) => payment.Status switch
    {
        PaymentStatus.Pending or PaymentStatus.Unknown =>
            new PaymentResult(PaymentOutcome.Unknown, payment.ToView(), new PaymentError(PaymentErrorCodes.ProviderTimeout, LostAnswer)),
        PaymentStatus.RequiresAction => new PaymentResult(PaymentOutcome.RequiresAction, payment.ToView()),
        PaymentStatus.Failed when payment.FailureCode == PaymentErrorCodes.ProviderUnavailable => Unavailable(payment.ToView()),
        PaymentStatus.Failed => new PaymentResult(PaymentOutcome.Declined, payment.ToView(), new PaymentError(payment.FailureCode ?? "failed", payment.FailureMessage ?? "")),
        _ => new PaymentResult(PaymentOutcome.Succeeded, payment.ToView()),
    };

    private IPaymentProvider ProviderOf(Payment payment) =>
        _providers.TryGetValue(payment.Provider, out var provider)
            ? provider
            : throw new InvalidOperationException($"No payment provider named '{payment.Provider}' is registered.");

    private static bool IsProviderFailure(Exception exception) =>
        exception is TimeoutRejectedException or BrokenCircuitException or PaymentProviderException or HttpRequestException;

    private static PaymentResult Unavailable(PaymentView payment) =>
        new(PaymentOutcome.Unavailable, payment, new PaymentError(PaymentErrorCodes.ProviderUnavailable, "The payment provider is unavailable; nothing was charged. Try again shortly."));

    private static PaymentResult Rejected(string code, string message, Payment? payment = null) =>
        new(PaymentOutcome.Rejected, payment?.ToView(), new PaymentError(code, message));

    private static PaymentResult KeyReused() =>
        Rejected(PaymentErrorCodes.IdempotencyKeyReused, "That idempotency key was used for another order, amount or token.");

    private static PaymentResult InvalidState(Payment payment, string verb) =>
        Rejected(PaymentErrorCodes.InvalidState, $"A payment that is {Snake(payment.Status)} cannot be {verb}.", payment);

    private static RefundResult RefundRejected(Payment payment, string code, string message) =>
        new(PaymentOutcome.Rejected, null, payment.ToView(), new PaymentError(code, message));

    internal static string Snake(PaymentStatus status) => status switch
    {
        PaymentStatus.RequiresAction => "requires_action",
        PaymentStatus.PartiallyRefunded => "partially_refunded",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
