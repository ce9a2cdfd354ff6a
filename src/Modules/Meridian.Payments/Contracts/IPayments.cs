using Meridian.SharedKernel;

namespace Meridian.Payments.Contracts;

/// <summary>
/// The payment orchestrator that Checkout and Orders call in-process. Every call that moves money is
/// idempotent: the same idempotency key never charges, captures or refunds twice, whether the caller
/// retries, the orchestrator retries, or the process restarts in between.
/// </summary>
/// <remarks>
/// A result of <see cref="PaymentOutcome.Unknown"/> means the provider may have charged: the caller
/// must keep its order (pending) and let <see cref="ResolveAsync"/> or the recovery job settle it;
/// it must never assume that nothing was charged.
/// </remarks>
public interface IPayments
{
    /// <summary>
    /// Authorizes <see cref="AuthorizeRequest.Amount"/> on the provider token, or, when the channel
    /// captures immediately, authorizes and captures. The same <see cref="AuthorizeRequest.IdempotencyKey"/>
    /// returns the first attempt's payment (concurrent calls share one attempt); the same key with
    /// another order, amount or token is rejected with <see cref="PaymentErrorCodes.IdempotencyKeyReused"/>.
    /// </summary>
    Task<PaymentResult> AuthorizeAsync(AuthorizeRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes a payment in <see cref="PaymentStatus.RequiresAction"/> after the customer finished
    /// the extra step (a 3-D Secure challenge): the result is authorized (or captured), or declined.
    /// </summary>
    Task<PaymentResult> ConfirmAsync(string paymentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Captures an authorized payment once: the whole authorization, or less (<paramref name="amount"/>;
    /// the rest of the hold is released). Capturing again returns the first capture.
    /// </summary>
    Task<PaymentResult> CaptureAsync(string paymentId, Money? amount = null, CancellationToken cancellationToken = default);

    /// <summary>Releases an authorization that was not captured. Voiding again returns the first void.</summary>
    Task<PaymentResult> VoidAsync(string paymentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Refunds part or all of what was captured; the refunds of a payment never add up to more than its
    /// capture. The same <paramref name="idempotencyKey"/> on the same payment returns the first refund.
    /// </summary>
    Task<RefundResult> RefundAsync(string paymentId, Money amount, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>The payment with its refunds, or null when no payment has that id.</summary>
    Task<PaymentView?> GetAsync(string paymentId, CancellationToken cancellationToken = default);

    /// <summary>Every payment attempt of an order, oldest first.</summary>
    Task<IReadOnlyList<PaymentView>> FindByOrderAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks the provider what really happened to a payment left <see cref="PaymentStatus.Pending"/>,
    /// <see cref="PaymentStatus.Unknown"/> or <see cref="PaymentStatus.RequiresAction"/>, by its
    /// idempotency key, and settles the record: found authorized → authorized (or voided when
    /// <paramref name="orderGone"/>, because no order will ever capture it); found declined → failed;
    /// not found → failed (nothing was charged). A payment in any other status is returned as it is.
    /// </summary>
    Task<PaymentResult> ResolveAsync(string paymentId, bool orderGone = false, CancellationToken cancellationToken = default);
}

/// <summary>
/// The recovery job's seam: settles what a timeout or a crash left half-done. The hosted job calls it
/// on a timer; tests and operators call it directly.
/// </summary>
public interface IPaymentRecovery
{
    /// <summary>
    /// Resolves every payment that has been <see cref="PaymentStatus.Pending"/> or
    /// <see cref="PaymentStatus.Unknown"/> for longer than the configured grace period, and every
    /// <see cref="PaymentStatus.RequiresAction"/> older than the action timeout (those the customer
    /// abandoned are voided on the provider if it authorized them, else failed).
    /// <paramref name="orderExists"/> tells whether the order still wants its payment; without it,
    /// found authorizations are kept for the order module to settle.
    /// </summary>
    Task<RecoveryReport> RecoverAsync(Func<string, CancellationToken, Task<bool>>? orderExists = null, CancellationToken cancellationToken = default);
}

/// <summary>What one recovery run did.</summary>
/// <param name="Examined">Payments that were past their grace period.</param>
/// <param name="Authorized">Found authorized (or captured) at the provider and kept.</param>
/// <param name="Voided">Found authorized and voided, because their order is gone or the customer abandoned the extra step.</param>
/// <param name="Failed">Not found or declined at the provider: nothing was charged.</param>
/// <param name="StillUnknown">The provider could not be asked (it is down); the next run tries again.</param>
public sealed record RecoveryReport(int Examined, int Authorized, int Voided, int Failed, int StillUnknown);
