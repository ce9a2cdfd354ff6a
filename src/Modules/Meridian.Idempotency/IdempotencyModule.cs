using Meridian.Idempotency.Data;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Idempotency;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Idempotency;

/// <summary>Stores idempotency records for every endpoint that takes an <c>Idempotency-Key</c>.</summary>
public sealed class IdempotencyModule : IModule
{
    /// <inheritdoc />
    public string Name => "idempotency";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<IdempotencyDbContext>(configuration, Name);
        services.AddScoped<IIdempotencyStore, DatabaseIdempotencyStore>();
        services.AddHostedService<ExpireIdempotencyRecords>();
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
    }
}
