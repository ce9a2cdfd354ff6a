namespace Meridian.Webhooks.Contracts;

/// <summary>
/// One pass of the webhook delivery worker, on demand. The background worker runs a pass on every tick of its
/// clock; tests and operational tooling run one to make delivery deterministic instead of waiting for a tick.
/// Passes in one process never overlap, so when this returns, every delivery that was due when it started has
/// been attempted (by this pass or by the one it waited for).
/// </summary>
public interface IWebhookDeliveryPass
{
    /// <summary>Attempts every due delivery of an enabled endpoint; returns how many attempts this pass made.</summary>
    Task<int> DeliverDueAsync(CancellationToken cancellationToken = default);
}
