using Meridian.Inventory.Contracts;
using Meridian.Inventory.Data;
using Meridian.Inventory.Features.GetAvailability;
using Meridian.Inventory.Features.Reservations;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Inventory;

/// <summary>Stock per SKU and location, and its reservations (<see cref="IStockReservations"/>) for orders.</summary>
public sealed class InventoryModule : IModule
{
    /// <inheritdoc />
    public string Name => "inventory";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<InventoryDbContext, InventoryPostgresDbContext>(configuration, Name);
        services.AddSingleton<IModuleInitializer, InventorySeeder>();
        services.AddScoped<IStockReservations, StockReservations>();
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api) => api.MapGroup("/inventory").MapGetAvailability();
}
