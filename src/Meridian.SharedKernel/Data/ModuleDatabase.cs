using Meridian.SharedKernel.Modules;
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
/// its own context and its own migration history. A module has one context per engine: the
/// SQLite one, and a PostgreSQL subclass with the same model and its own migrations, because EF
/// Core migrations are written for one provider. The rest of the module only ever sees the base type.
/// </summary>
public static class ModuleDatabase
{
    /// <summary>The connection string name every module uses.</summary>
    public const string ConnectionStringName = "Meridian";

    /// <summary>The embedded default: a SQLite file in a data folder that git ignores.</summary>
    public const string EmbeddedDefault = "Data Source=data/meridian.db";

    /// <summary>
    /// Registers <typeparamref name="TContext"/> on the region's database (as <typeparamref name="TPostgresContext"/>
    /// on PostgreSQL) and migrates it at start-up.
    /// </summary>
    public static IServiceCollection AddModuleDatabase<TContext, TPostgresContext>(
        this IServiceCollection services, IConfiguration configuration, string moduleName)
        where TContext : DbContext
        where TPostgresContext : TContext
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddRegionDatabase();
        if (RegionDatabase.ProviderOf(configuration) == DatabaseProvider.Postgres)
        {
            services.AddDbContext<TPostgresContext>((provider, options) => provider.GetRequiredService<RegionDatabase>().Configure(options, moduleName));
            services.AddScoped<TContext>(provider => provider.GetRequiredService<TPostgresContext>());
        }
        else
        {
            services.AddDbContext<TContext>((provider, options) => provider.GetRequiredService<RegionDatabase>().Configure(options, moduleName));
        }
        services.AddSingleton<IModuleInitializer, MigrateModuleDatabase<TContext>>();
        return services;
    }

    /// <summary>Registers <see cref="RegionDatabase"/> and <see cref="RegionTransactions"/> once.</summary>
    public static IServiceCollection AddRegionDatabase(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new RegionDatabase(
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.TryAddSingleton<RegionTransactions>();
        return services;
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
            if (context.Database.IsSqlite())
            {
                // WAL lets catalog reads and checkout writes proceed together; it is a property of the file.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            await context.Database.MigrateAsync(cancellationToken);
        }
    }
}
