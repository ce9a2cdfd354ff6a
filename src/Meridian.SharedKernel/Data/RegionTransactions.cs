using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.SharedKernel.Data;

/// <summary>
/// One local transaction on the region's database for work that spans modules (checkout, a marketplace order), and
/// a fresh DI scope whose module contexts join the transaction's connection (see <see cref="JoinAsync"/>).
/// On SQLite it is BEGIN IMMEDIATE, so racing units queue on the write lock instead of failing when a reader
/// upgrades. On PostgreSQL it is READ COMMITTED: the units' guarantees come from conditional updates and unique
/// keys (stock taken only while it lasts, one order per cart and per idempotency key), not from serial execution.
/// </summary>
public sealed class RegionTransactions(IServiceScopeFactory scopes, RegionDatabase database)
{
    /// <summary>Runs <paramref name="work"/> in one transaction; commits only when it says so.</summary>
    public async Task<T> InTransactionAsync<T>(Func<IServiceProvider, DbTransaction, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = scopes.CreateAsyncScope();
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = connection is SqliteConnection sqlite
            ? BeginImmediate(sqlite)
            : await connection.BeginTransactionAsync(cancellationToken);
        var (result, commit) = await work(scope.ServiceProvider, transaction);
        if (commit)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        return result;
    }

    /// <summary><paramref name="context"/> on <paramref name="transaction"/>'s connection, so what it saves commits or rolls back with the rest.</summary>
    public static async Task<TContext> JoinAsync<TContext>(TContext context, DbTransaction transaction, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        context.Database.SetDbConnection(
            transaction.Connection ?? throw new ArgumentException("The transaction has no connection.", nameof(transaction)), contextOwnsConnection: false);
        await context.Database.UseTransactionAsync(transaction, cancellationToken);
        return context;
    }

    private static SqliteTransaction BeginImmediate(SqliteConnection connection)
    {
        SqliteBusyTimeout.Apply(connection);
        return connection.BeginTransaction(deferred: false);
    }
}
