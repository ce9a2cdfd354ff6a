using Meridian.SharedKernel.Modules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Meridian.SharedKernel.Data;

/// <summary>
/// How a module gets its database. Every module of a region shares that region's database (so
/// checkout can commit order, stock and outbox rows in one transaction) but owns its own tables,
/// its own context and its own migration history. The provider switch lives here and only here.
/// </summary>
public static class ModuleDatabase
{
    /// <summary>The connection string name every module uses.</summary>
    public const string ConnectionStringName = "Meridian";

    private static readonly SqliteBusyTimeout BusyTimeout = new();

    /// <summary>The embedded default: a SQLite file in a data folder that git ignores.</summary>
    public const string EmbeddedDefault = "Data Source=data/meridian.db";

    /// <summary>Registers <typeparamref name="TContext"/> on the region's database and migrates it at start-up.</summary>
    public static IServiceCollection AddModuleDatabase<TContext>(
        this IServiceCollection services, IConfiguration configuration, string moduleName)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddDbContext<TContext>((provider, options) =>
        {
            var environment = provider.GetRequiredService<IHostEnvironment>();
            var connectionString = ResolveSqlite(
                configuration.GetConnectionString(ConnectionStringName) ?? EmbeddedDefault,
                environment.ContentRootPath);
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable($"__{moduleName}_migrations"))
                .AddInterceptors(BusyTimeout);
        });
        services.AddSingleton<IModuleInitializer, MigrateModuleDatabase<TContext>>();
        services.TryAddSingleton<RegionTransactions>();
        return services;
    }

    /// <summary>
    /// Makes a relative SQLite path relative to the content root, not to whichever folder the
    /// process was started from, and creates its folder.
    /// </summary>
    public static string ResolveSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && !Path.IsPathRooted(path))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, path));
        }
        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        builder.DefaultTimeout = builder.DefaultTimeout == 30 ? 5 : builder.DefaultTimeout;
        return builder.ToString();
    }

    private sealed class MigrateModuleDatabase<TContext>(IServiceScopeFactory scopes, IOptions<ServerOptions> options)
        : IModuleInitializer where TContext : DbContext
    {
        public int Order => 0;

        public async Task InitializeAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.MigrateOnStartup)
            {
                return;
            }
            await using var scope = scopes.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            // WAL lets catalog reads and checkout writes proceed together; it is a property of the file.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await context.Database.MigrateAsync(cancellationToken);
        }
    }
}
