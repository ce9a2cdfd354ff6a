using System.Data.Common;

namespace Meridian.Pricing.Contracts;

/// <summary>
/// Claims and gives back uses of promotions for orders, enforcing total and per-customer usage limits
/// under concurrency. Each claim is one conditional statement (<c>UPDATE … SET used = used + 1 WHERE used &lt; limit</c>,
/// an upsert guarded the same way per customer, and an insert into a table keyed by (promotion, order)),
/// never a check followed by an insert.
/// </summary>
/// <remarks>
/// Transactions: pass the checkout's open <see cref="DbTransaction"/> on the region's database and the
/// claim commits or rolls back with the order; pricing works inside a savepoint so a failed claim undoes
/// only its own writes. Without a transaction the claim runs in its own transaction and is committed on
/// return: the caller must then call <see cref="ReleaseAsync"/> if the order is not placed.
/// </remarks>
public interface IPromotionRedemptions
{
    /// <summary>
    /// Claims one use of each promotion for <paramref name="orderId"/>: all of them or none. Claiming again
    /// for the same order is a no-op that succeeds, so a retried checkout never uses a promotion twice.
    /// </summary>
    /// <param name="orderId">The order the uses are for.</param>
    /// <param name="customerId">The customer, required by promotions with a per-customer limit.</param>
    /// <param name="promotionIds">The <see cref="AppliedPromotion.PromotionId"/>s of the priced cart.</param>
    /// <param name="transaction">The caller's transaction on the region's database, or null for a transaction of its own.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    Task<RedemptionResult> RedeemAsync(
        string orderId,
        string? customerId,
        IReadOnlyCollection<string> promotionIds,
        DbTransaction? transaction,
        CancellationToken cancellationToken);

    /// <summary>
    /// Gives back every use claimed for <paramref name="orderId"/> (payment failed, order cancelled).
    /// Releasing twice, or an order that claimed nothing, is a no-op. Returns how many uses were given back.
    /// </summary>
    Task<int> ReleaseAsync(string orderId, DbTransaction? transaction, CancellationToken cancellationToken);
}

/// <summary>The outcome of a claim: succeeded with no failures, or nothing claimed and why.</summary>
public sealed record RedemptionResult(IReadOnlyList<RedemptionFailure> Failures)
{
    /// <summary>True when every promotion was claimed.</summary>
    public bool Succeeded => Failures.Count == 0;
}

/// <summary>A promotion that could not be claimed.</summary>
public sealed record RedemptionFailure(string PromotionId, PromotionRejection Reason);
