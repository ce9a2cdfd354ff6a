using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Meridian.SharedKernel.Redis;

/// <summary>What one counted request found: whether it is within the limit, and when the window resets.</summary>
/// <param name="Allowed">True when this hit is within the limit.</param>
/// <param name="Remaining">Hits left in the window (0 when refused).</param>
/// <param name="ResetAfter">Time until the window starts over: the <c>Retry-After</c> of a refusal.</param>
public sealed record RateLimitDecision(bool Allowed, long Remaining, TimeSpan ResetAfter);

/// <summary>
/// Fixed-window rate-limit counters shared by every replica (Redis) or kept in the process (embedded default),
/// for the edge gateway and any endpoint that needs a limit per key, channel or customer. The window starts at a
/// key's first hit, so a burst cannot straddle two windows back to back.
/// </summary>
public interface IRateLimitCounters
{
    /// <summary>Counts a hit on <paramref name="key"/> against <paramref name="limit"/> hits per <paramref name="window"/>.</summary>
    Task<RateLimitDecision> HitAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default);
}

/// <summary>Registers <see cref="IRateLimitCounters"/>: Redis when configured, the process otherwise.</summary>
public static class RateLimitCountersSetup
{
    /// <summary>Adds the counters.</summary>
    public static IServiceCollection AddRateLimitCounters(this IServiceCollection services, IConfiguration configuration)
    {
        if (MeridianRedis.IsConfigured(configuration))
        {
            services.AddMeridianRedis(configuration);
            services.AddSingleton<IRateLimitCounters, RedisRateLimitCounters>();
        }
        else
        {
            services.AddSingleton<IRateLimitCounters, InProcessRateLimitCounters>();
        }
        return services;
    }
}

/// <summary>One atomic script per hit: count, start the window on the first hit, and report its remaining time.</summary>
internal sealed class RedisRateLimitCounters(IConnectionMultiplexer redis) : IRateLimitCounters
{
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
        return { count, ttl }
        """;

    public Task<RateLimitDecision> HitAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default) =>
        MeridianRedis.CallAsync(async () =>
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                Script, [new RedisKey("meridian:ratelimit:" + key)], [(long)window.TotalMilliseconds]))!;
            var count = (long)result[0];
            return new RateLimitDecision(count <= limit, Math.Max(0, limit - count), TimeSpan.FromMilliseconds((long)result[1]));
        });
}

/// <summary>The embedded default: one process serves the shop, so its memory is the shared state.</summary>
internal sealed class InProcessRateLimitCounters(TimeProvider time) : IRateLimitCounters
{
    private const int MaxKeys = 100_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public Task<RateLimitDecision> HitAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_windows.Count > MaxKeys)
        {
            foreach (var (stale, _) in _windows.Where(w => w.Value.EndsAt <= now))
            {
                _windows.TryRemove(stale, out _);
            }
        }
        var current = _windows.AddOrUpdate(key,
            _ => new Window(now + window, 1),
            (_, w) => w.EndsAt <= now ? new Window(now + window, 1) : w with { Count = w.Count + 1 });
        return Task.FromResult(new RateLimitDecision(current.Count <= limit, Math.Max(0, limit - current.Count), current.EndsAt - now));
    }

    private sealed record Window(DateTimeOffset EndsAt, long Count);
}
