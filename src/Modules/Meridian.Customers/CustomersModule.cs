using Meridian.Customers.Auth;
using Meridian.Customers.Contracts;
using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.Customers.Features.Addresses;
using Meridian.Customers.Features.Admin;
using Meridian.Customers.Features.Consents;
using Meridian.Customers.Features.Privacy;
using Meridian.Customers.Features.Profile;
using Meridian.Customers.Features.Registration;
using Meridian.Customers.Features.SignIn;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Modules;

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Customers;

/// <summary>
/// Customers: registration and sign-in (access and refresh tokens, lockout), profiles, addresses,
/// the consent ledger, data export and erasure, and the bearer-token scheme customer routes use.
/// </summary>
public sealed class CustomersModule : IModule
{
    /// <inheritdoc />
    public string Name => "customers";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<CustomersDbContext, CustomersPostgresDbContext>(configuration, Name);
        services.ConfigureDbContext<CustomersDbContext>(options => options.AddInterceptors(new SecureDeleteInterceptor()));
        services.AddSingleton<Passwords>();
        services.AddSingleton<TokenSigningKey>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<IHomeRegionPolicy, ThisServersRegion>();
        services.AddScoped<ICustomerDirectory, CustomerDirectory>();
        services.AddAuthentication().AddJwtBearer(AuthSchemes.Customer, _ => { });
        services.AddOptions<JwtBearerOptions>(AuthSchemes.Customer)
            .Configure<TokenSigningKey, TimeProvider>((options, key, time) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = AccessTokens.ValidationParameters(key, time);
                options.Events = new JwtBearerEvents { OnTokenValidated = RequireActiveCustomer };
            });
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var customers = api.MapGroup("/customers");
        customers.MapRegisterCustomer();
        customers.MapIssueToken();
        customers.MapRevokeToken();

        var me = customers.MapGroup("/me").RequireAuthorization(Policies.Customer);
        me.MapProfileEndpoints();
        me.MapAddressEndpoints();
        me.MapConsentEndpoints();
        me.MapExportCustomerData();
        me.MapEraseCustomer();

        api.MapGroup("/admin").MapGetCustomer();
    }

    /// <summary>
    /// A token outlives nothing it was issued for: an erased (or unknown) customer's token is refused
    /// on the next request, not 15 minutes later.
    /// </summary>
    private static async Task RequireActiveCustomer(TokenValidatedContext context)
    {
        var id = context.Principal?.FindFirst(MeridianClaims.CustomerId)?.Value;
        var db = context.HttpContext.RequestServices.GetRequiredService<CustomersDbContext>();
        var active = id is not null && await db.Customers.AnyAsync(
            c => c.Id == id && c.Status == CustomerStatus.Active, context.HttpContext.RequestAborted);
        if (!active)
        {
            context.Fail("The customer is unknown or erased.");
        }
    }
}
