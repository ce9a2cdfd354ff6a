using System.Text;
using Meridian.Idempotency.Data;
using Meridian.SharedKernel.Idempotency;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Meridian.Idempotency.Tests;

public sealed class RedisIdempotencyStoreTests(ConnectedRedis redis) : IClassFixture<ConnectedRedis>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RedisIdempotencyStore Store(IConnectionMultiplexer? client = null) => new(client ?? redis.Client, _time, "eu-central");

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task a_key_is_claimed_once_and_a_second_claim_is_in_flight_or_a_mismatch()
    {
        var store = Store();
        var key = NewKey();

        Assert.IsType<IdempotencyClaim.Claimed>(await store.ClaimAsync("sk_1", key, "fp-a", Lease, Ct));
        Assert.IsType<IdempotencyClaim.InFlight>(await store.ClaimAsync("sk_1", key, "fp-a", Lease, Ct));
        Assert.IsType<IdempotencyClaim.Mismatch>(await store.ClaimAsync("sk_1", key, "fp-b", Lease, Ct));
        Assert.IsType<IdempotencyClaim.Claimed>(await store.ClaimAsync("sk_2", key, "fp-a", Lease, Ct));
    }

    [Fact]
    public async Task a_completed_key_replays_status_body_content_type_and_headers()
    {
        var store = Store();
        var key = NewKey();
        await store.ClaimAsync("sk_1", key, "fp", Lease, Ct);
        var body = Encoding.UTF8.GetBytes("""{"id":"ord_1"}""");

        await store.CompleteAsync("sk_1", key, new StoredResponse(201, "application/json", body,
            new Dictionary<string, string> { ["Location"] = "/v1/orders/ord_1" }), Ct);
        var replay = Assert.IsType<IdempotencyClaim.Completed>(await store.ClaimAsync("sk_1", key, "fp", Lease, Ct));

        Assert.Equal(201, replay.Response.Status);
        Assert.Equal("application/json", replay.Response.ContentType);
        Assert.Equal(body, replay.Response.Body);
        Assert.Equal("/v1/orders/ord_1", replay.Response.Headers["Location"]);
        var ttl = await redis.Client.GetDatabase().KeyTimeToLiveAsync($"meridian:eu-central:idempotency:sk_1:{key}");
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(47), TimeSpan.FromHours(48));
    }

    [Fact]
    public async Task a_released_claim_runs_again_but_a_completed_one_is_kept()
    {
        var store = Store();
        var released = NewKey();
        var completed = NewKey();
        await store.ClaimAsync("sk_1", released, "fp", Lease, Ct);
        await store.ClaimAsync("sk_1", completed, "fp", Lease, Ct);
        await store.CompleteAsync("sk_1", completed, new StoredResponse(200, null, [], new Dictionary<string, string>()), Ct);

        await store.ReleaseAsync("sk_1", released, Ct);
        await store.ReleaseAsync("sk_1", completed, Ct);

        Assert.IsType<IdempotencyClaim.Claimed>(await store.ClaimAsync("sk_1", released, "fp", Lease, Ct));
        Assert.IsType<IdempotencyClaim.Completed>(await store.ClaimAsync("sk_1", completed, "fp", Lease, Ct));
    }

    [Fact]
    public async Task a_retry_after_the_lease_of_a_crashed_request_takes_the_key_over()
    {
        var store = Store();
        var key = NewKey();
        await store.ClaimAsync("sk_1", key, "fp", Lease, Ct);

        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.IsType<IdempotencyClaim.InFlight>(await store.ClaimAsync("sk_1", key, "fp", Lease, Ct));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.IsType<IdempotencyClaim.Claimed>(await store.ClaimAsync("sk_1", key, "fp", Lease, Ct));
        Assert.IsType<IdempotencyClaim.InFlight>(await store.ClaimAsync("sk_1", key, "fp", Lease, Ct));
    }

    [Fact]
    public async Task fifty_replicas_claiming_one_key_at_once_let_exactly_one_run()
    {
        var key = NewKey();
        var clients = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ConnectionMultiplexer.ConnectAsync(redis.ConnectionString)));
        try
        {
            var claims = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
                Store(clients[i % clients.Length]).ClaimAsync("sk_1", key, "fp", Lease, Ct)));

            Assert.Single(claims, c => c is IdempotencyClaim.Claimed);
            Assert.Equal(49, claims.Count(c => c is IdempotencyClaim.InFlight));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
