using System.Data;
using System.Data.Common;
using Meridian.Inventory.Contracts;
using Meridian.Inventory.Data;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Meridian.Inventory.Features.Reservations;

/// <summary>
/// Reservations in plain SQL on the caller's transaction. Each unit is taken with a conditional
/// UPDATE that only succeeds while <c>OnHand - Reserved</c> covers it, so two checkouts racing for
/// the last unit can never both win, whatever the isolation level; locations are visited in a fixed
/// order (by id) so concurrent reservations lock rows in the same order. A savepoint makes one call
/// all-or-nothing inside a longer transaction. Each change appends <c>stock.changed.v1</c> per SKU with
/// what can now be sold, in the same transaction, so the event exists exactly when the change does.
/// </summary>
internal sealed class StockReservations(InventoryDbContext db, IEventOutbox outbox, ILogger<StockReservations> logger) : IStockReservations
{
    private const string Savepoint = "inventory_reservation";

    public Task<ReservationResult> ReserveAsync(
        string orderId, IReadOnlyList<(string Sku, int Quantity)> lines, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || lines.Any(l => l.Quantity <= 0 || string.IsNullOrWhiteSpace(l.Sku)))
        {
            throw new ArgumentException("Reserve at least one line, each with a SKU and a positive quantity.", nameof(lines));
        }
        var wanted = lines.GroupBy(l => l.Sku, StringComparer.Ordinal)
            .Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity)))
            .OrderBy(l => l.Sku, StringComparer.Ordinal)
            .ToList();
        return InTransactionAsync(transaction, async tx =>
        {
            if (await ScalarAsync(tx, "SELECT COUNT(*) FROM inventory_reservations WHERE \"OrderId\" = @o", cancellationToken, ("@o", orderId)) > 0)
            {
                return (ReservationResult.Reserved, true);
            }
            var shortSkus = new List<string>();
            foreach (var (sku, quantity) in wanted)
            {
                if (!await ReserveSkuAsync(tx, orderId, sku, quantity, cancellationToken))
                {
                    shortSkus.Add(sku);
                }
            }
            if (shortSkus.Count > 0)
            {
                InventoryLog.ReservationShort(logger, orderId, shortSkus.Count);
                return (new ReservationResult(false, shortSkus), false);
            }
            await AppendStockChangedAsync(tx, orderId, "reserved", wanted.Select(l => l.Sku), cancellationToken);
            InventoryLog.Reserved(logger, orderId, wanted.Sum(l => l.Quantity));
            return (ReservationResult.Reserved, true);
        }, cancellationToken);
    }

    public Task<int> ReleaseAsync(string orderId, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return InTransactionAsync(transaction, async tx =>
        {
            var held = await HeldAsync(tx, orderId, null, cancellationToken);
            var released = 0;
            foreach (var (sku, locationId, quantity) in held)
            {
                await DbCommands.ExecuteAsync(tx, "UPDATE inventory_stock_levels SET \"Reserved\" = \"Reserved\" - @q WHERE \"Sku\" = @s AND \"LocationId\" = @l",
                    cancellationToken, ("@q", quantity), ("@s", sku), ("@l", locationId));
                released += quantity;
            }
            await DbCommands.ExecuteAsync(tx, "DELETE FROM inventory_reservations WHERE \"OrderId\" = @o", cancellationToken, ("@o", orderId));
            if (released > 0)
            {
                await AppendStockChangedAsync(tx, orderId, "released", held.Select(h => h.Sku), cancellationToken);
                InventoryLog.Released(logger, orderId, released);
            }
            return (released, true);
        }, cancellationToken);
    }

    public Task<int> CommitAsync(
        string orderId, IReadOnlyList<(string Sku, int Quantity)> lines, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(lines);
        return InTransactionAsync(transaction, async tx =>
        {
            var committed = 0;
            foreach (var group in lines.Where(l => l.Quantity > 0).GroupBy(l => l.Sku, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var remaining = group.Sum(l => l.Quantity);
                foreach (var (sku, locationId, quantity) in await HeldAsync(tx, orderId, group.Key, cancellationToken))
                {
                    var take = Math.Min(remaining, quantity);
                    if (take == 0)
                    {
                        break;
                    }
                    await DbCommands.ExecuteAsync(tx,
                        "UPDATE inventory_stock_levels SET \"OnHand\" = \"OnHand\" - @q, \"Reserved\" = \"Reserved\" - @q WHERE \"Sku\" = @s AND \"LocationId\" = @l",
                        cancellationToken, ("@q", take), ("@s", sku), ("@l", locationId));
                    await DbCommands.ExecuteAsync(tx, take == quantity
                            ? "DELETE FROM inventory_reservations WHERE \"OrderId\" = @o AND \"Sku\" = @s AND \"LocationId\" = @l"
                            : "UPDATE inventory_reservations SET \"Quantity\" = \"Quantity\" - @q WHERE \"OrderId\" = @o AND \"Sku\" = @s AND \"LocationId\" = @l",
                        cancellationToken, ("@q", take), ("@o", orderId), ("@s", sku), ("@l", locationId));
                    remaining -= take;
                    committed += take;
                }
            }
            if (committed > 0)
            {
                InventoryLog.Committed(logger, orderId, committed);
            }
            return (committed, true);
        }, cancellationToken);
    }

    /// <summary>One <c>stock.changed.v1</c> per SKU: the SKU, what can be sold of it now, why, and the order that caused it.</summary>
    private async Task AppendStockChangedAsync(DbTransaction tx, string orderId, string reason, IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var events = new List<NewEvent>();
        foreach (var sku in skus.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var available = await ScalarAsync(tx,
                "SELECT COALESCE(SUM(\"OnHand\" - \"Reserved\"), 0) FROM inventory_stock_levels WHERE \"Sku\" = @s", cancellationToken, ("@s", sku));
            events.Add(new NewEvent(EventTypes.StockChanged, sku, new { sku, available, reason, orderId }));
        }
        await outbox.AppendAsync(tx, events, cancellationToken);
    }

    /// <summary>Takes <paramref name="quantity"/> of one SKU from its locations in id order; false when they cannot cover it.</summary>
    private static async Task<bool> ReserveSkuAsync(DbTransaction tx, string orderId, string sku, int quantity, CancellationToken cancellationToken)
    {
        var remaining = quantity;
        // A conditional update that loses a race (another reservation took the units in between) is re-read, a bounded number of times.
        for (var attempt = 0; attempt < 3 && remaining > 0; attempt++)
        {
            var levels = new List<(string LocationId, int Available)>();
            await using (var read = DbCommands.Command(tx,
                "SELECT \"LocationId\", \"OnHand\" - \"Reserved\" FROM inventory_stock_levels WHERE \"Sku\" = @s AND \"OnHand\" - \"Reserved\" > 0 ORDER BY \"LocationId\"",
                ("@s", sku)))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    levels.Add((reader.GetString(0), reader.GetInt32(1)));
                }
            }
            if (levels.Sum(l => l.Available) < remaining)
            {
                return false;
            }
            foreach (var (locationId, available) in levels)
            {
                var take = Math.Min(remaining, available);
                if (take == 0)
                {
                    break;
                }
                var updated = await DbCommands.ExecuteAsync(tx,
                    "UPDATE inventory_stock_levels SET \"Reserved\" = \"Reserved\" + @q WHERE \"Sku\" = @s AND \"LocationId\" = @l AND \"OnHand\" - \"Reserved\" >= @q",
                    cancellationToken, ("@q", take), ("@s", sku), ("@l", locationId));
                if (updated == 0)
                {
                    continue;
                }
                await DbCommands.ExecuteAsync(tx,
                    "INSERT INTO inventory_reservations (\"OrderId\", \"Sku\", \"LocationId\", \"Quantity\") VALUES (@o, @s, @l, @q) " +
                    "ON CONFLICT (\"OrderId\", \"Sku\", \"LocationId\") DO UPDATE SET \"Quantity\" = inventory_reservations.\"Quantity\" + excluded.\"Quantity\"",
                    cancellationToken, ("@o", orderId), ("@s", sku), ("@l", locationId), ("@q", take));
                remaining -= take;
            }
        }
        return remaining == 0;
    }

    private static async Task<List<(string Sku, string LocationId, int Quantity)>> HeldAsync(
        DbTransaction tx, string orderId, string? sku, CancellationToken cancellationToken)
    {
        var held = new List<(string, string, int)>();
        // No "@s IS NULL OR …": PostgreSQL cannot type a parameter that is only ever compared with NULL.
        await using var command = DbCommands.Command(tx,
            "SELECT \"Sku\", \"LocationId\", \"Quantity\" FROM inventory_reservations WHERE \"OrderId\" = @o"
            + (sku is null ? "" : " AND \"Sku\" = @s") + " ORDER BY \"Sku\", \"LocationId\"",
            sku is null ? [("@o", orderId)] : [("@o", orderId), ("@s", sku)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }
        return held;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the caller's transaction under a savepoint, or in a transaction of
    /// its own; work that returns false for "keep" is rolled back, so a failed reservation leaves nothing.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(DbTransaction? transaction, Func<DbTransaction, Task<(T Result, bool Keep)>> work, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.SaveAsync(Savepoint, cancellationToken);
            try
            {
                var (result, keep) = await work(transaction);
                if (keep)
                {
                    await transaction.ReleaseAsync(Savepoint, cancellationToken);
                }
                else
                {
                    await transaction.RollbackAsync(Savepoint, cancellationToken);
                    await transaction.ReleaseAsync(Savepoint, cancellationToken);
                }
                return result;
            }
            catch
            {
                await transaction.RollbackAsync(Savepoint, CancellationToken.None);
                throw;
            }
        }
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }
        try
        {
            await using var own = await connection.BeginTransactionAsync(cancellationToken);
            var (result, keep) = await work(own);
            if (keep)
            {
                await own.CommitAsync(cancellationToken);
            }
            else
            {
                await own.RollbackAsync(cancellationToken);
            }
            return result;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task<long> ScalarAsync(DbTransaction tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = DbCommands.Command(tx, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
