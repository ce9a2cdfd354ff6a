using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.SharedKernel.Modules;

/// <summary>
/// The one front door of a module: it registers its services and maps its endpoints. The host lists
/// modules and does nothing else, so adding a module never means editing another one.
/// </summary>
public interface IModule
{
    /// <summary>Short lower-case name, used for its table prefix, logs and metrics.</summary>
    string Name { get; }

    /// <summary>Registers the module's services, options, database context and initializers.</summary>
    void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Maps the module's endpoints under the versioned API group.</summary>
    void MapEndpoints(IEndpointRouteBuilder api);
}

/// <summary>
/// Work a module needs before the Server accepts traffic: migrating its schema, seeding demo data,
/// loading read models. Initializers run in <see cref="Order"/>, one at a time.
/// </summary>
public interface IModuleInitializer
{
    /// <summary>Lower runs first; migrations use 0–99, seeding 100–199, read models 200 and up.</summary>
    int Order { get; }

    /// <summary>Does the work; a failure stops the Server from starting.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
