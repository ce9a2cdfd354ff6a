using System.Data.Common;
using Meridian.SharedKernel.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Meridian.Marketplace.Data;

/// <summary>
/// One local transaction on the region's database, as checkout's settlement does: BEGIN IMMEDIATE, so five
/// deliveries of one marketplace order queue instead of racing, and a fresh DI scope whose module contexts join it.
/// </summary>
internal sealed class RegionTransactions(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _connectionString = ModuleDatabase.ResolveSqlite(
        configuration.GetConnectionString(ModuleDatabase.ConnectionStringName) ?? ModuleDatabase.EmbeddedDefault, environment.ContentRootPath);

    public async Task<T> InTransactionAsync<T>(Func<IServiceProvider, DbTransaction, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
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

    /// <summary>The module's context on <paramref name="transaction"/>'s connection, so what it saves commits or rolls back with the rest.</summary>
    public static async Task<MarketplaceDbContext> JoinAsync(IServiceProvider services, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<MarketplaceDbContext>();
        db.Database.SetDbConnection(transaction.Connection);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return db;
    }
}
