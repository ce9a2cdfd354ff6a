using Meridian.Carts.Data;
using Meridian.SharedKernel.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Carts.Features.ExpireCarts;

/// <summary>
/// Deletes carts whose idle time has passed, every <see cref="CartsOptions.SweepInterval"/> of the
/// <see cref="TimeProvider"/>. An expired cart already answers 404 before the sweep; the sweep only frees space.
/// Tests call <see cref="SweepAsync"/> directly.
/// </summary>
internal sealed class ExpireCarts(IServiceScopeFactory scopes, TimeProvider time, IOptions<CartsOptions> options, ILogger<ExpireCarts> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await BackgroundIntervals.NextAsync(options.Value.SweepInterval, time, stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.SweepFailed(exception);
            }
        }
    }

    /// <summary>Deletes every expired cart now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ICartStore>();
        var deleted = await store.DeleteExpiredAsync(time.GetUtcNow(), cancellationToken);
        if (deleted > 0)
        {
            logger.ExpiredCartsDeleted(deleted);
        }
        return deleted;
    }
}
