using Meridian.Checkout.Contracts;
using Meridian.Checkout.Features;
using Meridian.Checkout.Features.PlaceOrder;
using Meridian.Checkout.Features.Recovery;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Checkout;

/// <summary>
/// <c>POST /v1/checkout</c>: orchestrates Carts, Orders, Inventory, Pricing and Payments. It owns no tables:
/// the order, its reservation, its promotion uses and the cart's conversion commit in one transaction on the
/// region's shared database, and <see cref="ICheckoutRecovery"/> settles whatever a crash or a timeout left pending.
/// </summary>
public sealed class CheckoutModule : IModule
{
    /// <inheritdoc />
    public string Name => "checkout";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheckoutOptions>().Bind(configuration.GetSection(CheckoutOptions.Section))
            .Validate(o => o.PendingGracePeriod > TimeSpan.Zero && o.RecoveryInterval > TimeSpan.Zero && o.RetryAfterSeconds >= 1,
                "Meridian:Checkout periods must be positive.")
            .ValidateOnStart();
        services.AddSingleton<OrderSettlement>();
        services.AddSingleton<CheckoutRecovery>();
        services.AddSingleton<ICheckoutRecovery>(provider => provider.GetRequiredService<CheckoutRecovery>());
        services.AddHostedService(provider => provider.GetRequiredService<CheckoutRecovery>());
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var checkout = api.MapGroup("/checkout");
        checkout.MapPlaceOrder();
        checkout.MapConfirm();
    }
}
