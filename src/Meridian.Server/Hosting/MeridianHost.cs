using System.Text.Json;
using System.Text.Json.Serialization;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Idempotency;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Meridian.Server.Hosting;

/// <summary>The cross-cutting set-up of the host: JSON, problems, auth, OpenAPI, health. Modules add the rest.</summary>
internal static class MeridianHost
{
    public static WebApplicationBuilder AddMeridian(this WebApplicationBuilder builder, IReadOnlyList<IModule> modules)
    {
        var services = builder.Services;
        services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddMeridianProblems();
        services.AddMeridianAuthorization();
        services.AddOpenApi(options => options.AddDocumentTransformer<SecuritySchemesTransformer>());
        services.AddHealthChecks();
        services.AddHostedService<ModuleInitialization>();

        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders().AddJsonConsole();
        }

        foreach (var module in modules)
        {
            module.AddServices(services, builder.Configuration);
        }
        return builder;
    }

    public static WebApplication UseMeridian(this WebApplication app, IReadOnlyList<IModule> modules)
    {
        app.UseMiddleware<ResponseHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseIdempotencyBuffering();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("Meridian API"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteAsync });

        var api = app.MapGroup("/v1").RequireAuthorization(Policies.Storefront);
        foreach (var module in modules)
        {
            module.MapEndpoints(api);
        }
        return app;
    }

    /// <summary>The <c>migrate</c> command: what a deployment runs once before starting several replicas.</summary>
    public static async Task MigrateAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.MigrateOnStartup = true;
        foreach (var initializer in app.Services.GetServices<IModuleInitializer>().Where(i => i.Order < 100).OrderBy(i => i.Order))
        {
            await initializer.InitializeAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The contract's JSON: camelCase, unknown properties rejected, nullability and required members
    /// enforced, so a request that parses is already well-shaped.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    private static void AddMeridianAuthorization(this IServiceCollection services)
    {
        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Storefront, policy => policy
                .AddAuthenticationSchemes(AuthSchemes.ApiKey)
                .RequireClaim(MeridianClaims.KeyKind))
            .AddPolicy(Policies.Customer, policy => policy
                .AddAuthenticationSchemes(AuthSchemes.ApiKey, AuthSchemes.Customer)
                .RequireClaim(MeridianClaims.KeyKind)
                .RequireClaim(MeridianClaims.CustomerId));
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(Policies.Admin(scope), policy => policy
                .AddAuthenticationSchemes(AuthSchemes.ApiKey)
                .RequireClaim(MeridianClaims.KeyKind, KeyKinds.Secret)
                .RequireClaim(MeridianClaims.Scope, scope));
        }
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ChallengeMissingCustomerHandler>();
    }
}
