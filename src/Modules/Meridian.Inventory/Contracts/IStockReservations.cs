using System.Data.Common;

namespace Meridian.Inventory.Contracts;

/// <summary>
/// Holds stock for orders, so what is sold is never more than what is on hand, under any
/// concurrency. Checkout reserves in the order's transaction; Orders commits at fulfilment and
/// releases on cancellation. Every call may join the caller's transaction (all modules of a region
/// share one database), so order rows and stock move together or not at all.
/// </summary>
public interface IStockReservations
{
    /// <summary>
    /// Reserves every line for <paramref name="orderId"/>, all or nothing, across locations in a fixed
    /// order. Reserving again for an order that already holds a reservation returns success and
    /// reserves nothing more (a retry of the same checkout).
    /// </summary>
    /// <param name="orderId">The order (<c>ord_…</c>).</param>
    /// <param name="lines">SKUs and positive quantities; a SKU listed twice counts once with the sum.</param>
    /// <param name="transaction">The caller's transaction to join (under a savepoint), or null for one of its own.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ReservationResult> ReserveAsync(
        string orderId, IReadOnlyList<(string Sku, int Quantity)> lines, DbTransaction? transaction, CancellationToken cancellationToken = default);

    /// <summary>Gives back what <paramref name="orderId"/> still holds. Releasing again releases nothing; returns the units released.</summary>
    Task<int> ReleaseAsync(string orderId, DbTransaction? transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// The goods left the building: for each line, on-hand and reserved both go down by the quantity,
    /// taken from the order's reservation (never more than it holds). Returns the units committed.
    /// </summary>
    Task<int> CommitAsync(
        string orderId, IReadOnlyList<(string Sku, int Quantity)> lines, DbTransaction? transaction, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of <see cref="IStockReservations.ReserveAsync"/>.</summary>
/// <param name="Succeeded">True when every line is reserved.</param>
/// <param name="ShortSkus">The SKUs without enough available stock; empty on success.</param>
public sealed record ReservationResult(bool Succeeded, IReadOnlyList<string> ShortSkus)
{
    /// <summary>Everything was reserved.</summary>
    public static ReservationResult Reserved { get; } = new(true, []);
}
