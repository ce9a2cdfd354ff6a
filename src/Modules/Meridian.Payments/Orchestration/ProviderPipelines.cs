using System.Collections.Concurrent;

using Meridian.Payments.Contracts;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Simmy;
using Polly.Timeout;

namespace Meridian.Payments.Orchestration;

/// <summary>
/// One Polly pipeline per provider, around every call to it, outermost first: retry with exponential
/// back-off and jitter (only for calls that carry an idempotency key, so a retry can never charge
/// twice), a circuit breaker (a provider in trouble is left alone instead of piling up calls), a timeout
/// per attempt, and chaos injection (faults and latency) when <c>Meridian:Payments:Chaos:Enabled</c>.
/// </summary>
internal sealed class ProviderPipelines(IOptions<PaymentsOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>The idempotency key of the call; without it the call is not retried.</summary>
    public static readonly ResiliencePropertyKey<string> IdempotencyKey = new("meridian.payments.idempotency_key");

    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger("Meridian.Payments");

    public ResiliencePipeline For(string provider) => _pipelines.GetOrAdd(provider, Build);

    /// <summary>Runs <paramref name="call"/> through the provider's pipeline; <paramref name="reached"/> learns whether any attempt got past chaos and the breaker.</summary>
    public async Task<T> ExecuteAsync<T>(
        string provider, string? idempotencyKey, Func<CancellationToken, Task<T>> call, CallTrace reached, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            if (idempotencyKey is not null)
            {
                context.Properties.Set(IdempotencyKey, idempotencyKey);
            }
            return await For(provider).ExecuteAsync(
                async (ctx, state) =>
                {
                    state.Reached = true;
                    return await call(ctx.CancellationToken);
                },
                context,
                reached);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline Build(string provider)
    {
        var settings = options.Value.Resilience;
        var chaos = options.Value.Chaos;
        var builder = new ResiliencePipelineBuilder { Name = $"payments-{provider}", TimeProvider = time };
        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.Properties.TryGetValue(IdempotencyKey, out var key) && !string.IsNullOrEmpty(key) && IsTransient(args.Outcome.Exception)),
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = Math.Max(2, settings.MinimumThroughput),
            SamplingDuration = settings.SamplingDuration,
            BreakDuration = settings.BreakDuration,
            OnOpened = args =>
            {
                _logger.CircuitOpened(provider, args.BreakDuration.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(settings.AttemptTimeout);
        if (chaos.Enabled)
        {
            builder.AddChaosLatency(chaos.LatencyRate, chaos.Latency);
            builder.AddChaosFault(chaos.FaultRate, () => new PaymentProviderException("chaos_fault", "Chaos injected a provider fault.", isTransient: true));
        }
        return builder.Build();
    }

    private static bool IsTransient(Exception? exception) =>
        exception is TimeoutRejectedException or PaymentProviderException { IsTransient: true } or HttpRequestException;
}

/// <summary>Whether any attempt of a pipeline call reached the provider.</summary>
internal sealed class CallTrace
{
    public bool Reached { get; set; }
}
