using System.Data.Common;
using Meridian.Carts.Domain;

namespace Meridian.Carts.Data;

/// <summary>
/// Where carts live. SQLite through EF today; a Redis implementation replaces it later (carts are
/// operational data of the serving region). Every write is conditional on the version the writer read, so
/// two writers never overwrite each other silently.
/// </summary>
internal interface ICartStore
{
    /// <summary>The cart with this id in any status, expired or not; null when there is none.</summary>
    Task<Cart?> FindAsync(string cartId, CancellationToken cancellationToken);

    /// <summary>The customer's most recently changed active, unexpired cart in the channel, other than <paramref name="exceptCartId"/>.</summary>
    Task<Cart?> FindActiveForCustomerAsync(string customerId, string? channelId, string exceptCartId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores a new cart.</summary>
    Task AddAsync(Cart cart, CancellationToken cancellationToken);

    /// <summary>Replaces the cart when its stored version is still <paramref name="expectedVersion"/>; false when another writer won.</summary>
    Task<bool> TryReplaceAsync(Cart cart, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>Replaces two carts together (a merge) or neither, each conditional on its expected version.</summary>
    Task<bool> TryReplaceBothAsync(Cart first, int firstExpectedVersion, Cart second, int secondExpectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an active cart converted into <paramref name="orderId"/> when its version is still
    /// <paramref name="expectedVersion"/>. With <paramref name="transaction"/> (the checkout's, on the region's
    /// database) the change commits or rolls back with the order; a store outside that database cannot take part.
    /// </summary>
    Task<bool> MarkConvertedAsync(string cartId, int expectedVersion, string orderId, DateTimeOffset now, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Makes the cart converted into <paramref name="orderId"/> active again, expiring at <paramref name="expiresAt"/>.</summary>
    Task<bool> ReopenAsync(string orderId, DateTimeOffset now, DateTimeOffset expiresAt, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Deletes every cart whose expiry has passed; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
