using Meridian.Events.Consumers;
using Meridian.Events.Data;
using Meridian.Events.Dispatch;
using Meridian.Events.Dispatch.Nats;
using Meridian.Events.Features.Consumers;
using Meridian.Events.Features.DeadLetters;
using Meridian.Events.Features.Feed;
using Meridian.Events.Features.Replay;
using Meridian.Events.Outbox;
using Meridian.Events.Retention;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meridian.Events;

/// <summary>
/// The event backbone: <see cref="IEventOutbox"/> for every producer, the dispatcher that publishes
/// committed events, the runner of every registered <see cref="IEventConsumer"/> (registered by their
/// modules as <c>services.AddScoped&lt;IEventConsumer, T&gt;()</c>), retention, and the admin feed,
/// consumers, dead letters and replay under <c>/v1/admin/events</c>. The transport is the database log itself, or
/// NATS JetStream when <c>ConnectionStrings:Nats</c> is set (<see cref="Dispatch.Nats.NatsJetStreamTransport"/>).
/// </summary>
public sealed class EventsModule : IModule
{
    /// <inheritdoc />
    public string Name => "events";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section));
        services.AddModuleDatabase<EventsDbContext, EventsPostgresDbContext>(configuration, Name);
        services.AddSingleton<EventSignals>();
        services.AddSingleton<IEventOutbox, DatabaseOutbox>();
        services.AddSingleton<Leases>();
        services.AddSingleton<EventsMetrics>();
        services.AddSingleton<DatabaseLogTransport>();
        var nats = NatsJetStreamTransport.IsConfigured(configuration);
        if (nats)
        {
            services.AddOptions<NatsOptions>().Bind(configuration.GetSection(NatsOptions.Section))
                .Configure(options => options.Url = configuration.GetConnectionString(NatsOptions.ConnectionStringName)!);
            services.AddSingleton<NatsLink>();
            services.AddSingleton<NatsPublisher>();
            services.AddSingleton<IEventTransport, NatsJetStreamTransport>();
        }
        else
        {
            services.AddSingleton<IEventTransport>(provider => provider.GetRequiredService<DatabaseLogTransport>());
        }
        services.AddSingleton<InboxTransaction>();
        services.AddSingleton<Replayer>();
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<Dispatcher>());
        if (nats)
        {
            // After the dispatcher, so it stops first and the dispatcher's stop releases the lease they share.
            services.AddHostedService(provider => provider.GetRequiredService<NatsPublisher>());
        }
        services.AddSingleton<ConsumerRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<ConsumerRunner>());
        services.AddSingleton<EventRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<EventRetention>());

        if (configuration.GetSection(EventsOptions.Section).GetValue<bool>(nameof(EventsOptions.EffectCounter)))
        {
            services.AddScoped<IEventConsumer, EffectCounterConsumer>();
            services.AddSingleton<IModuleInitializer, CreateEffectCounterTable>();
        }
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin/events");
        admin.MapListConsumers();
        admin.MapDeadLetters();
        admin.MapReplayEvents();
        admin.MapEventFeed();
    }

    private sealed class CreateEffectCounterTable(IServiceScopeFactory scopes, IOptions<ServerOptions> options) : IModuleInitializer
    {
        public int Order => 99;

        public async Task InitializeAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.MigrateOnStartup)
            {
                return;
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await Sql.ExecuteAsync(db.Database.GetDbConnection(), EffectCounterConsumer.CreateTable, cancellationToken);
        }
    }
}
