using Meridian.Catalog.Contracts;
using Meridian.Catalog.Data;
using Meridian.Catalog.Features.GetProduct;
using Meridian.Catalog.Features.ListCategories;
using Meridian.Catalog.Features.ManageProducts;
using Meridian.Catalog.Features.ManageTaxonomy;
using Meridian.Catalog.Features.SearchProducts;
using Meridian.Catalog.Search;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Catalog;

/// <summary>Products, variants, taxonomy and prices: shoppers search and read, admins write.</summary>
public sealed class CatalogModule : IModule
{
    /// <inheritdoc />
    public string Name => "catalog";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<CatalogDbContext, CatalogPostgresDbContext>(configuration, Name);
        services.AddScoped<ICatalogSkus, CatalogSkus>();
        services.AddSingleton<ICatalogVariants, CatalogVariants>();
        services.AddSingleton<CatalogReadModel>();
        services.AddSingleton<IModuleInitializer>(provider => provider.GetRequiredService<CatalogReadModel>());
        services.AddScoped<IEventConsumer, CatalogReadModelConsumer>();
        services.AddSingleton<IModuleInitializer, CatalogSeeder>();
        services.AddHealthChecks().AddCheck<CatalogReadModel>("catalog", tags: ["ready"]);
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var catalog = api.MapGroup("/catalog");
        catalog.MapSearchProducts();
        catalog.MapGetProduct();
        catalog.MapListCategories();

        var admin = api.MapGroup("/admin/catalog");
        admin.MapProductAdmin();
        admin.MapTaxonomyAdmin();
    }
}
