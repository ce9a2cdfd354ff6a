using Meridian.Idempotency.Data;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Idempotency;
using StackExchange.Redis;

namespace Meridian.Idempotency.Tests;

/// <summary>Its own redis-server, because the test stops it.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private readonly ConnectedRedis _redis = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _redis.InitializeAsync();

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task with_redis_stopped_a_claim_fails_fast_as_unavailable_and_works_again_once_redis_is_back()
    {
        var store = new RedisIdempotencyStore(_redis.Client, TimeProvider.System, "eu-central");
        Assert.IsType<IdempotencyClaim.Claimed>(await store.ClaimAsync("sk_1", "before", "fp", TimeSpan.FromSeconds(30), Ct));

        await _redis.StopAsync();
        // A hang would trip the WaitAsync bound; the promise is a prompt 503, the bound only catches a hang.
        var outage = await Assert.ThrowsAsync<DependencyUnavailableException>(() =>
            store.ClaimAsync("sk_1", "during", "fp", TimeSpan.FromSeconds(30), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal("redis", outage.Dependency);

        await _redis.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IdempotencyClaim? claim = null;
        while (claim is null)
        {
            try
            {
                claim = await store.ClaimAsync("sk_1", "after", "fp", TimeSpan.FromSeconds(30), Ct);
            }
            catch (DependencyUnavailableException) when (DateTime.UtcNow < deadline)
            {
                // Polling the observable condition (Redis answers again), bounded by the deadline.
                await Task.Delay(100, Ct);
            }
        }
        Assert.IsType<IdempotencyClaim.Claimed>(claim);
    }

    [Fact]
    public async Task a_full_redis_that_refuses_writes_is_unavailable_not_an_error_and_works_again_when_it_has_room()
    {
        var store = new RedisIdempotencyStore(_redis.Client, TimeProvider.System, "eu-central");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ConfigSetAsync("maxmemory-policy", "noeviction");
        await server.ConfigSetAsync("maxmemory", "1");
        try
        {
            var full = await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.ClaimAsync("sk_1", "full", "fp", TimeSpan.FromSeconds(30), Ct));
            Assert.Equal("redis", full.Dependency);
        }
        finally
        {
            await server.ConfigSetAsync("maxmemory", "0");
        }
        Assert.IsType<IdempotencyClaim.Claimed>(await store.ClaimAsync("sk_1", "full", "fp", TimeSpan.FromSeconds(30), Ct));
    }
}
