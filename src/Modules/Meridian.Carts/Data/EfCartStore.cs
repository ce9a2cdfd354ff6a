using System.Data.Common;
using System.Text.Json;
using Meridian.Carts.Domain;
using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Carts.Data;

/// <summary>Carts in the region's database. Writes are single conditional statements on (id, version).</summary>
internal sealed class EfCartStore(CartsDbContext db) : ICartStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string ActiveStatus = StatusName(CartStatus.Active);

    public async Task<Cart?> FindAsync(string cartId, CancellationToken cancellationToken)
    {
        var row = await db.Carts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cartId, cancellationToken);
        return row is null ? null : ToCart(row);
    }

    public async Task<Cart?> FindActiveForCustomerAsync(string customerId, string? channelId, string exceptCartId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.Carts.AsNoTracking()
            .Where(c => c.CustomerId == customerId && c.ChannelId == channelId && c.Status == ActiveStatus && c.Id != exceptCartId && c.ExpiresAt > now)
            .OrderByDescending(c => c.UpdatedAt)
            .Take(1)
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : ToCart(rows[0]);
    }

    public async Task AddAsync(Cart cart, CancellationToken cancellationToken)
    {
        db.Carts.Add(ToRow(cart));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task<bool> TryReplaceAsync(Cart cart, int expectedVersion, CancellationToken cancellationToken) =>
        await ReplaceAsync(cart, expectedVersion, cancellationToken) == 1;

    public async Task<bool> TryReplaceBothAsync(Cart first, int firstExpectedVersion, Cart second, int secondExpectedVersion, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await ReplaceAsync(first, firstExpectedVersion, cancellationToken) != 1
            || await ReplaceAsync(second, secondExpectedVersion, cancellationToken) != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> MarkConvertedAsync(
        string cartId, int expectedVersion, string orderId, DateTimeOffset now, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await JoinAsync(transaction, cancellationToken);
        var converted = StatusName(CartStatus.Converted);
        var changed = await db.Carts
            .Where(c => c.Id == cartId && c.Version == expectedVersion && c.Status == ActiveStatus && c.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Status, converted)
                .SetProperty(c => c.OrderId, orderId)
                .SetProperty(c => c.Version, c => c.Version + 1)
                .SetProperty(c => c.UpdatedAt, now), cancellationToken);
        return changed == 1;
    }

    public async Task<bool> ReopenAsync(string orderId, DateTimeOffset now, DateTimeOffset expiresAt, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await JoinAsync(transaction, cancellationToken);
        var converted = StatusName(CartStatus.Converted);
        var changed = await db.Carts
            .Where(c => c.OrderId == orderId && c.Status == converted)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Status, ActiveStatus)
                .SetProperty(c => c.OrderId, (string?)null)
                .SetProperty(c => c.Version, c => c.Version + 1)
                .SetProperty(c => c.ExpiresAt, expiresAt)
                .SetProperty(c => c.UpdatedAt, now), cancellationToken);
        return changed == 1;
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Carts.Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);

    private async Task JoinAsync(DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await RegionTransactions.JoinAsync(db, transaction, cancellationToken);
        }
    }

    private Task<int> ReplaceAsync(Cart cart, int expectedVersion, CancellationToken cancellationToken)
    {
        var row = ToRow(cart);
        return db.Carts
            .Where(c => c.Id == cart.Id && c.Version == expectedVersion)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.CustomerId, row.CustomerId)
                .SetProperty(c => c.Status, row.Status)
                .SetProperty(c => c.Version, row.Version)
                .SetProperty(c => c.UpdatedAt, row.UpdatedAt)
                .SetProperty(c => c.ExpiresAt, row.ExpiresAt)
                .SetProperty(c => c.MergedIntoId, row.MergedIntoId)
                .SetProperty(c => c.OrderId, row.OrderId)
                .SetProperty(c => c.Content, row.Content), cancellationToken);
    }

    private static string StatusName(CartStatus status) => status.ToString().ToLowerInvariant();

    private static CartRow ToRow(Cart cart) => new()
    {
        Id = cart.Id,
        ChannelId = cart.ChannelId,
        CustomerId = cart.CustomerId,
        Currency = cart.Currency,
        Status = StatusName(cart.Status),
        Version = cart.Version,
        CreatedAt = cart.CreatedAt,
        UpdatedAt = cart.UpdatedAt,
        ExpiresAt = cart.ExpiresAt,
        MergedIntoId = cart.MergedIntoId,
        OrderId = cart.OrderId,
        Content = JsonSerializer.Serialize(new CartContent(cart.Email, cart.Lines, cart.PromotionCodes, cart.ShippingAddress, cart.ShippingMethod), Json),
    };

    private static Cart ToCart(CartRow row)
    {
        var content = JsonSerializer.Deserialize<CartContent>(row.Content, Json)
            ?? throw new InvalidOperationException($"Cart {row.Id} has no content.");
        return new Cart
        {
            Id = row.Id,
            ChannelId = row.ChannelId,
            CustomerId = row.CustomerId,
            Currency = row.Currency,
            Status = Enum.Parse<CartStatus>(row.Status, ignoreCase: true),
            Version = row.Version,
            CreatedAt = row.CreatedAt,
            UpdatedAt = row.UpdatedAt,
            ExpiresAt = row.ExpiresAt,
            MergedIntoId = row.MergedIntoId,
            OrderId = row.OrderId,
            Email = content.Email,
            Lines = content.Lines,
            PromotionCodes = content.PromotionCodes,
            ShippingAddress = content.ShippingAddress,
            ShippingMethod = content.ShippingMethod,
        };
    }

    private sealed record CartContent(string? Email, List<CartLine> Lines, List<string> PromotionCodes, ShippingAddress? ShippingAddress, string? ShippingMethod);
}
