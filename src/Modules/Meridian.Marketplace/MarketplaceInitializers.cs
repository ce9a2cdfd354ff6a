using Meridian.Marketplace.Connectors;
using Meridian.Marketplace.Simulator;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meridian.Marketplace;

/// <summary>Migrates the simulated marketplace's own database file, like every module's schema.</summary>
internal sealed class MigrateSimulator(IServiceScopeFactory scopes, IOptions<ServerOptions> options) : IModuleInitializer
{
    public int Order => 0;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimMarketDbContext>();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}

/// <summary>
/// Gives every marketplace channel without a configured secret a generated one before traffic arrives, and prints
/// it once, to the console only (never to the structured log), as the channel seeder does with keys.
/// </summary>
internal sealed class GenerateMarketplaceSecrets(IServiceScopeFactory scopes) : IModuleInitializer
{
    public int Order => 150;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var secrets = scope.ServiceProvider.GetRequiredService<MarketplaceSecrets>();
        foreach (var (channel, _) in await scope.ServiceProvider.GetRequiredService<MarketplaceChannels>().ListAsync(cancellationToken))
        {
            var (secret, generated) = await secrets.GetAsync(channel, cancellationToken);
            if (generated)
            {
                Console.WriteLine($"Marketplace signing secret for channel {channel.Handle}, shown once; give it to the marketplace: {secret}");
            }
        }
    }
}
