using Meridian.Carts.Contracts;
using Meridian.Carts.Data;
using Meridian.Carts.Features;
using Meridian.Carts.Features.AddItem;
using Meridian.Carts.Features.AttachCustomer;
using Meridian.Carts.Features.ChangeItem;
using Meridian.Carts.Features.Checkout;
using Meridian.Carts.Features.CreateCart;
using Meridian.Carts.Features.ExpireCarts;
using Meridian.Carts.Features.GetCart;
using Meridian.Carts.Features.Promotions;
using Meridian.Carts.Features.RemoveItem;
using Meridian.Carts.Features.ShippingAddress;
using Meridian.Carts.Features.ShippingMethod;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Carts;

/// <summary>
/// Anonymous and customer carts, priced by the server on every read and change. Checkout uses
/// <see cref="ICarts"/>. Storage sits behind an internal store so Redis can replace SQLite.
/// </summary>
public sealed class CartsModule : IModule
{
    /// <inheritdoc />
    public string Name => "carts";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<CartsDbContext, CartsPostgresDbContext>(configuration, Name);
        services.AddOptions<CartsOptions>().Bind(configuration.GetSection(CartsOptions.Section))
            .Validate(o => o.MaxQuantityPerLine is >= 1 and <= 10_000 && o.MaxLines is >= 1 and <= 200 && o.MaxPromotionCodes >= 1
                && o.IdleTimeout > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero, "Meridian:Carts limits must be positive (at most 200 lines, 10,000 units a line).")
            .ValidateOnStart();
        services.AddScoped<ICartStore, EfCartStore>();
        services.AddScoped<CartPricer>();
        services.AddScoped<CartWorkflow>();
        services.AddScoped<ICarts, CartsForCheckout>();
        services.AddSingleton<ExpireCarts>();
        services.AddHostedService(provider => provider.GetRequiredService<ExpireCarts>());
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var carts = api.MapGroup("/carts").WithTags("Carts");
        carts.MapCreateCart();
        carts.MapGetCart();
        carts.MapAddItem();
        carts.MapChangeItem();
        carts.MapRemoveItem();
        carts.MapPromotionCodes();
        carts.MapSetShippingAddress();
        carts.MapSetShippingMethod();
        carts.MapAttachCustomer();
    }
}
