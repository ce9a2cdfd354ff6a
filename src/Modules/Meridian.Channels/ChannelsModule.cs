using Meridian.Channels.Auth;
using Meridian.Channels.Contracts;
using Meridian.Channels.Data;
using Meridian.Channels.Features.ApiKeys;
using Meridian.Channels.Features.Channels;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Channels;

/// <summary>Sales channels and API keys, and the <c>X-Api-Key</c> authentication every call goes through.</summary>
public sealed class ChannelsModule : IModule
{
    /// <inheritdoc />
    public string Name => "channels";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<ChannelsDbContext, ChannelsPostgresDbContext>(configuration, Name);
        services.AddSingleton<ApiKeyStore>();
        services.AddScoped<ISalesChannels, SalesChannels>();
        services.AddSingleton<IModuleInitializer, ChannelsSeeder>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null);
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin");
        admin.MapChannelEndpoints();
        admin.MapApiKeyEndpoints();
    }
}
