namespace Meridian.Checkout.Contracts;

/// <summary>
/// Settles orders that checkout left pending (a payment timeout, a 3-D Secure challenge never finished,
/// a crash between creating the order and placing it). The hosted job calls it on a timer; tests and
/// operators call it directly.
/// </summary>
public interface ICheckoutRecovery
{
    /// <summary>
    /// For every order pending longer than <paramref name="olderThan"/> (the configured grace period when
    /// null), asks Payments what really happened: authorized → the order is placed; failed or never
    /// attempted → its stock and promotion uses are released and it is cancelled as payment failed;
    /// still unknown (the provider is down) → left for the next run.
    /// </summary>
    Task<CheckoutRecoveryReport> RecoverAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default);
}

/// <summary>What one recovery run did.</summary>
/// <param name="Examined">Pending orders past the grace period.</param>
/// <param name="Placed">Found paid and placed.</param>
/// <param name="Failed">Found unpaid; released and cancelled.</param>
/// <param name="Unsettled">Could not be settled yet.</param>
public sealed record CheckoutRecoveryReport(int Examined, int Placed, int Failed, int Unsettled);
