using System.Net;
using Meridian.Server.Tests.Carts;
using Meridian.Server.Tests.Catalog;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Server.Tests.Orders;
using Meridian.Testing;

namespace Meridian.Server.Tests.Hosting;

/// <summary>A Server with a redis-server of its own (on either profile), which the test kills and starts again.</summary>
public sealed class RedisOutageApp : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public MeridianApp App { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        App.Settings["ConnectionStrings:Redis"] = Redis.ConnectionString;
        await App.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RedisOutageCollection : ICollectionFixture<RedisOutageApp>
{
    public const string Name = "redis outage";
}

/// <summary>
/// Redis holds the idempotency records that make a retried checkout safe. With Redis gone the Server must not guess:
/// checkout answers 503 with Retry-After at once, the catalog keeps answering, and once Redis is back the same
/// checkout, with the same key, goes through, without anyone restarting the Server.
/// </summary>
[Collection(RedisOutageCollection.Name)]
public sealed class RedisOutageTests(RedisOutageApp outage)
{
    [Fact]
    public async Task with_redis_down_checkout_is_503_with_retry_after_the_catalog_answers_and_all_recovers_by_itself()
    {
        var shopper = outage.App.Client();
        var (sku, _) = await outage.App.PurchasableSku(units: 2);
        var cartId = await shopper.ReadyCart(sku);
        var key = Guid.NewGuid().ToString("N");
        var search = await shopper.Search("q=shirt");

        await outage.Redis.StopAsync();
        // The bound only catches a hang; the promise is a prompt 503.
        var during = await shopper.CheckOut(cartId, key: key).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await during.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        Assert.True(during.Headers.RetryAfter is not null, "503 must say when to retry");
        Assert.Equal(search.ToString(), (await shopper.Search("q=shirt")).ToString());

        await outage.Redis.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage after;
        // Polling the observable condition (the client reconnected), bounded by the deadline.
        while ((after = await shopper.CheckOut(cartId, key: key)).StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(DateTime.UtcNow < deadline, "The Server did not recover from the Redis outage by itself.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        var order = await after.ShouldBe(HttpStatusCode.Created);
        var replay = await (await shopper.CheckOut(cartId, key: key)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(order.GetProperty("id").GetString(), replay.GetProperty("id").GetString());
    }
}
