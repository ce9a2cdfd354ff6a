using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Meridian.SharedKernel.Data;

/// <summary>
/// One local transaction on the region's database for work that spans modules (checkout, a marketplace order):
/// BEGIN IMMEDIATE, so racing units queue on the write lock instead of failing when a reader upgrades, and a fresh
/// DI scope whose module contexts join the transaction's connection (see <see cref="JoinAsync"/>).
/// </summary>
public sealed class RegionTransactions(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _connectionString = ModuleDatabase.ResolveSqlite(
        configuration.GetConnectionString(ModuleDatabase.ConnectionStringName) ?? ModuleDatabase.EmbeddedDefault, environment.ContentRootPath);

    /// <summary>Runs <paramref name="work"/> in one transaction; commits only when it says so.</summary>
    public async Task<T> InTransactionAsync<T>(Func<IServiceProvider, DbTransaction, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = scopes.CreateAsyncScope();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        SqliteBusyTimeout.Apply(connection);
        await using var transaction = (DbTransaction)connection.BeginTransaction(deferred: false);
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
}
