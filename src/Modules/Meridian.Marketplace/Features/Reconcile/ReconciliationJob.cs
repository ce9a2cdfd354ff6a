using Meridian.Marketplace.Connectors;
using Meridian.SharedKernel.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Marketplace.Features.Reconcile;

/// <summary>
/// Reconciles every marketplace channel every <see cref="MarketplaceOptions.ReconciliationInterval"/> of the
/// <see cref="TimeProvider"/>, starting one interval after start-up. A failed run is logged and retried at the next tick.
/// </summary>
internal sealed class ReconciliationJob(IServiceScopeFactory scopes, TimeProvider time, IOptions<MarketplaceOptions> options, ILogger<ReconciliationJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await BackgroundIntervals.NextAsync(options.Value.ReconciliationInterval, time, stoppingToken))
            {
                try
                {
                    await RunAllAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.ReconciliationFailed("*", exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var channels = await scope.ServiceProvider.GetRequiredService<MarketplaceChannels>().ListAsync(cancellationToken);
        foreach (var (channel, connector) in channels)
        {
            try
            {
                await using var run = scopes.CreateAsyncScope();
                await run.ServiceProvider.GetRequiredService<Reconciler>().RunAsync(channel, connector, "scheduled", cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.ReconciliationFailed(channel.Handle, exception);
            }
        }
    }
}
