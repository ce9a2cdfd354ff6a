using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Meridian.Webhooks.Contracts;
using Meridian.Webhooks.Data;
using Meridian.Webhooks.Delivery;
using Meridian.Webhooks.Domain;
using Meridian.Webhooks.Features.Consume;
using Meridian.Webhooks.Features.Deliveries;
using Meridian.Webhooks.Features.Endpoints;
using Meridian.Webhooks.KeyRing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Webhooks;

/// <summary>
/// Webhooks: endpoints with event-type filters and their own secrets under <c>/admin/webhooks</c>; the
/// <c>webhooks</c> event consumer that queues one delivery per matching endpoint; and the worker that signs
/// (Standard Webhooks), sends, retries for about three days and disables endpoints that are gone or keep failing.
/// </summary>
public sealed class WebhooksModule : IModule
{
    /// <inheritdoc />
    public string Name => "webhooks";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<WebhooksDbContext, WebhooksPostgresDbContext>(configuration, Name);
        services.AddOptions<WebhooksOptions>().Bind(configuration.GetSection(WebhooksOptions.Section))
            .Validate(o => o.Concurrency is >= 1 and <= 64, "Meridian:Webhooks:Concurrency must be between 1 and 64.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero, "Meridian:Webhooks timeouts and intervals must be positive.")
            .ValidateOnStart();
        services.AddSingleton<WebhooksKeyRing>();
        services.AddSingleton(provider => new SecretProtector(provider.GetRequiredService<WebhooksKeyRing>().Provider));
        services.AddSingleton<IModuleInitializer, KeyRingStartup>();
        services.AddSingleton<WebhooksMetrics>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<DeliveryWorker>();
        services.AddSingleton<IWebhookDeliveryPass>(provider => provider.GetRequiredService<DeliveryWorker>());
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryWorker>());
        services.AddScoped<IEventConsumer, WebhooksConsumer>();
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var webhooks = api.MapGroup("/admin/webhooks");
        webhooks.MapDeliveryLog();
        webhooks.MapEndpointAdmin();
    }
}
