using Meridian.Marketplace.Connectors;
using Meridian.Marketplace.Contracts;
using Meridian.Marketplace.Data;
using Meridian.Marketplace.Features.Pushes;
using Meridian.Marketplace.Features.ReceiveOrder;
using Meridian.Marketplace.Features.Reconcile;
using Meridian.Marketplace.Simulator;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Meridian.Marketplace;

/// <summary>
/// Selling on marketplaces: signed, idempotent inbound orders (<c>POST /v1/channels/{channel}/orders</c>), stock and
/// price pushes as event consumers, a reconciliation job with an audit trail, the <see cref="IMarketplaceConnector"/>
/// seam, and "simmarket", a simulated marketplace that runs in-process for tests and the demo.
/// </summary>
public sealed class MarketplaceModule : IModule
{
    /// <inheritdoc />
    public string Name => "marketplace";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketplaceOptions>().Bind(configuration.GetSection(MarketplaceOptions.Section))
            .Validate(o => o.ReconciliationInterval > TimeSpan.Zero && o.ReconciliationWindow > TimeSpan.Zero && o.SignatureTolerance > TimeSpan.Zero,
                "Meridian:Marketplace periods must be positive.")
            .Validate(o => o.Channels.Values.All(c => c.Secret is null || StandardWebhooks.IsWellFormedSecret(c.Secret)),
                "A Meridian:Marketplace:Channels:*:Secret is whsec_ and at least 16 bytes in base64.")
            .ValidateOnStart();
        services.AddModuleDatabase<MarketplaceDbContext, MarketplacePostgresDbContext>(configuration, Name);
        services.AddDbContext<SimMarketDbContext>((provider, options) => options.UseSqlite(
            SimMarketDbContext.ConnectionString(configuration, provider.GetRequiredService<RegionDatabase>(), provider.GetRequiredService<IHostEnvironment>().ContentRootPath),
            sqlite => sqlite.MigrationsHistoryTable("__marketplace_sim_migrations")));
        services.AddSingleton<IModuleInitializer, MigrateSimulator>();
        services.AddSingleton<IModuleInitializer, GenerateMarketplaceSecrets>();

        services.AddSingleton<IMarketplaceConnector, SimMarketConnector>();
        services.AddScoped<MarketplaceChannels>();
        services.AddScoped<MarketplaceSecrets>();
        services.AddScoped<OrderImporter>();
        services.AddScoped<InboundOrders>();
        services.AddScoped<SimMarket>();

        services.AddScoped<IEventConsumer, StockPushConsumer>();
        services.AddScoped<IEventConsumer, PricePushConsumer>();

        services.AddSingleton<ReconciliationLocks>();
        services.AddScoped<Reconciler>();
        services.AddHostedService<ReconciliationJob>();
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        api.MapReceiveOrder();
        var admin = api.MapGroup("/admin/marketplace");
        admin.MapReconciliations();
        admin.MapRotateSecret();
        admin.MapSimulator();
    }
}
