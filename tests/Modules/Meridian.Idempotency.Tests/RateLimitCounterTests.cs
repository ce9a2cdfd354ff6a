using Meridian.SharedKernel.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Idempotency.Tests;

public sealed class RateLimitCounterTests(ConnectedRedis redis) : IClassFixture<ConnectedRedis>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Services(string? redisConnection, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redisConnection })
            .Build();
        return new ServiceCollection().AddSingleton(time).AddRateLimitCounters(configuration).BuildServiceProvider();
    }

    private static async Task<List<RateLimitDecision>> Hit(IRateLimitCounters counters, string key, int times)
    {
        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < times; i++)
        {
            decisions.Add(await counters.HitAsync(key, 3, TimeSpan.FromMinutes(1), Ct));
        }
        return decisions;
    }

    [Fact]
    public async Task redis_counters_shared_by_two_replicas_allow_the_limit_in_total_then_refuse_with_the_window_left()
    {
        await using var first = Services(redis.ConnectionString, TimeProvider.System);
        await using var second = Services(redis.ConnectionString, TimeProvider.System);
        var key = Guid.NewGuid().ToString("N");

        var a = await Hit(first.GetRequiredService<IRateLimitCounters>(), key, 2);
        var b = await Hit(second.GetRequiredService<IRateLimitCounters>(), key, 2);

        Assert.Equal([true, true, true, false], a.Concat(b).Select(d => d.Allowed));
        Assert.Equal([2L, 1L, 0L, 0L], a.Concat(b).Select(d => d.Remaining));
        Assert.InRange(b[1].ResetAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task in_process_counters_refuse_past_the_limit_and_start_over_when_the_window_ends()
    {
        var time = new FakeTimeProvider();
        await using var services = Services(null, time);
        var counters = services.GetRequiredService<IRateLimitCounters>();

        var window = await Hit(counters, "key", 4);
        time.Advance(TimeSpan.FromSeconds(59));
        var stillRefused = await counters.HitAsync("key", 3, TimeSpan.FromMinutes(1), Ct);
        time.Advance(TimeSpan.FromSeconds(1));
        var next = await counters.HitAsync("key", 3, TimeSpan.FromMinutes(1), Ct);

        Assert.Equal([true, true, true, false], window.Select(d => d.Allowed));
        Assert.Equal(TimeSpan.FromMinutes(1), window[3].ResetAfter);
        Assert.False(stillRefused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(1), stillRefused.ResetAfter);
        Assert.True(next.Allowed);
        Assert.Equal(2, next.Remaining);
    }
}
