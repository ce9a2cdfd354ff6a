using Meridian.Idempotency.Data;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Idempotency;
using Meridian.SharedKernel.Modules;
using Meridian.SharedKernel.Redis;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Meridian.Idempotency;

/// <summary>Stores idempotency records for every endpoint that takes an <c>Idempotency-Key</c>: in Redis when configured, the region's database otherwise.</summary>
public sealed class IdempotencyModule : IModule
{
    /// <inheritdoc />
    public string Name => "idempotency";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<IdempotencyDbContext, IdempotencyPostgresDbContext>(configuration, Name);
        if (MeridianRedis.IsConfigured(configuration))
        {
            // Records expire in Redis itself, so the database sweep has nothing to do.
            services.AddMeridianRedis(configuration);
            services.AddSingleton<IIdempotencyStore>(provider => new RedisIdempotencyStore(
                provider.GetRequiredService<IConnectionMultiplexer>(), provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IOptions<ServerOptions>>().Value.Region));
            return;
        }
        services.AddScoped<IIdempotencyStore, DatabaseIdempotencyStore>();
        services.AddHostedService<ExpireIdempotencyRecords>();
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
    }
}
