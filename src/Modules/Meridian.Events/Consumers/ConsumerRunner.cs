using Meridian.Events.Data;
using Meridian.Events.Dispatch;
using Meridian.SharedKernel.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Events.Consumers;

/// <summary>
/// Runs every registered <see cref="IEventConsumer"/>: one loop per consumer name, on the replica that
/// holds the consumer's lease. A loop reads published events after its checkpoint in sequence order and
/// delivers each handled one through an <see cref="InboxTransaction"/>, one at a time, so events of one
/// subject arrive in the order they were published. A failing event is retried with exponential backoff
/// and jitter and holds the consumer back meanwhile (that is what keeps the order); when its attempts run
/// out it goes to the dead letters and the consumer moves on.
/// </summary>
internal sealed class ConsumerRunner(
    IServiceScopeFactory scopes,
    Leases leases,
    IEventTransport transport,
    InboxTransaction inbox,
    EventsMetrics metrics,
    TimeProvider time,
    IOptions<EventsOptions> options,
    ILogger<ConsumerRunner> logger) : BackgroundService
{
    private IReadOnlyList<string> _names = [];

    /// <summary>The registered consumers' names.</summary>
    public IReadOnlyList<string> ConsumerNames(IServiceProvider services) =>
        services.GetServices<IEventConsumer>().Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using (var scope = scopes.CreateScope())
        {
            _names = ConsumerNames(scope.ServiceProvider);
        }
        return Task.WhenAll(_names.Select(name => Task.Run(() => RunAsync(name, stoppingToken), stoppingToken)));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var name in _names)
        {
            await leases.ReleaseAsync(LeaseName(name), cancellationToken);
        }
    }

    private static string LeaseName(string consumer) => "consumer:" + consumer;

    private async Task RunAsync(string name, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leases.TryHoldAsync(LeaseName(name), stoppingToken))
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                    continue;
                }
                await RunBatchAsync(name, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                EventsLog.ConsumerLoopFailed(logger, name, exception);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RunBatchAsync(string name, CancellationToken stoppingToken)
    {
        var checkpoint = await ReadCheckpointAsync(name, stoppingToken);
        metrics.CheckpointAt(name, checkpoint);
        var batch = await transport.ReceiveAsync(name, checkpoint, options.Value.BatchSize, options.Value.PollInterval, stoppingToken);
        if (batch.Count == 0)
        {
            return;
        }
        metrics.SawPublished(batch[^1].Sequence);
        IEventConsumer consumer;
        using (var scope = scopes.CreateScope())
        {
            consumer = InboxTransaction.Resolve(scope.ServiceProvider, name);
        }
        long? skippedTo = null;
        foreach (var envelope in batch)
        {
            if (!consumer.Handles(envelope.Type))
            {
                skippedTo = envelope.Sequence;
                continue;
            }
            if (!await DeliverWithRetriesAsync(name, envelope, stoppingToken))
            {
                return;
            }
            skippedTo = null;
            metrics.CheckpointAt(name, envelope.Sequence);
            await transport.AckAsync(name, envelope, stoppingToken);
        }
        if (skippedTo is { } sequence)
        {
            await inbox.SkipToAsync(name, sequence, stoppingToken);
            metrics.CheckpointAt(name, sequence);
        }
    }

    /// <summary>Delivers until handled or dead-lettered; false when the lease was lost while waiting to retry.</summary>
    private async Task<bool> DeliverWithRetriesAsync(string name, EventEnvelope envelope, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await inbox.DeliverAsync(name, envelope, attempt, replay: false, stoppingToken) == DeliveryOutcome.Handled)
                {
                    metrics.Handled(name);
                }
                return true;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                if (attempt >= options.Value.MaxAttempts)
                {
                    await inbox.DeadLetterAsync(name, envelope, attempt, exception, stoppingToken);
                    metrics.DeadLettered(name);
                    EventsLog.DeadLettered(logger, name, envelope.Type, envelope.Id, attempt, InboxTransaction.ErrorType(exception));
                    return true;
                }
                var delay = Backoff(options.Value, attempt);
                EventsLog.HandlerFailed(logger, name, attempt, envelope.Type, envelope.Id, InboxTransaction.ErrorType(exception), delay);
                await Task.Delay(delay, time, stoppingToken);
                if (!await leases.TryHoldAsync(LeaseName(name), stoppingToken))
                {
                    return false;
                }
            }
        }
    }

    /// <summary>
    /// The delay after failed attempt <paramref name="attempt"/>: the first delay doubled per attempt up to the
    /// maximum, then a random 50–100 % of it, so replicas and consumers failing together do not retry in step.
    /// </summary>
    public static TimeSpan Backoff(EventsOptions settings, int attempt)
    {
        var exponential = settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private async Task<long> ReadCheckpointAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        return await db.Checkpoints.AsNoTracking().Where(c => c.Consumer == name).Select(c => (long?)c.Sequence).SingleOrDefaultAsync(cancellationToken) ?? 0;
    }
}
