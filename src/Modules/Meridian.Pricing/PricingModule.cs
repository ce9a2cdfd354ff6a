using Meridian.Pricing.Contracts;
using Meridian.Pricing.Data;
using Meridian.Pricing.Features.ListShippingMethods;
using Meridian.Pricing.Features.ManagePromotions;
using Meridian.Pricing.Features.ManageShipping;
using Meridian.Pricing.Features.ManageTaxRates;
using Meridian.Pricing.Features.PriceCart;
using Meridian.Pricing.Features.RedeemPromotions;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Modules;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Meridian.Pricing;

/// <summary>
/// The money of a cart: promotions, tax and shipping. Other modules use <see cref="IPricingCalculator"/>
/// and <see cref="IPromotionRedemptions"/>; an external tax or shipping service replaces the built-in
/// tables by registering <see cref="ITaxProvider"/> or <see cref="IShippingRateProvider"/> (before this module, or after it: the
/// last registration wins).
/// </summary>
public sealed class PricingModule : IModule
{
    /// <inheritdoc />
    public string Name => "pricing";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<PricingDbContext, PricingPostgresDbContext>(configuration, Name);
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.Section));
        services.AddSingleton(provider =>
        {
            var pricing = provider.GetRequiredService<IOptions<PricingOptions>>().Value;
            var server = provider.GetRequiredService<IOptions<ServerOptions>>().Value;
            return new PricingSettings(pricing.PricesIncludeTax ?? server.Jurisdiction != "US", pricing.OriginCountry.ToUpperInvariant());
        });
        services.TryAddScoped<ITaxProvider, TableTaxProvider>();
        services.TryAddScoped<IShippingRateProvider, TableShippingRateProvider>();
        services.AddScoped<IPromotionSource, TablePromotionSource>();
        services.AddScoped<IPricingCalculator, PricingCalculator>();
        services.AddSingleton<IPromotionRedemptions, PromotionRedemptions>();
        services.AddSingleton<IModuleInitializer, PricingSeeder>();
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        api.MapListShippingMethods();

        var admin = api.MapGroup("/admin/pricing");
        admin.MapPromotionAdmin();
        admin.MapTaxRateAdmin();
        admin.MapShippingAdmin();
    }
}
