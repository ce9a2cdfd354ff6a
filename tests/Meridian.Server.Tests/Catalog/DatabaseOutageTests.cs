using System.Diagnostics;
using System.Net;
using Meridian.Server.Tests.Carts;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Server.Tests.Orders;
using Meridian.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Meridian.Server.Tests.Catalog;

/// <summary>
/// A Server whose database the test can take away. Embedded: the SQLite file is swapped for one that is not a
/// database. Production: the Server's own PostgreSQL cluster (not the run's shared one) is killed. Either way every
/// pooled connection is dropped, which is a real outage as the Server sees it.
/// </summary>
public sealed class OutageApp : IAsyncLifetime
{
    private readonly PostgresServer? _postgres = MeridianApp.OnPostgres ? new PostgresServer() : null;
    private List<string> _movedAway = [];

    public MeridianApp App { get; } = new();

    public async ValueTask InitializeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.InitializeAsync();
            App.Settings["ConnectionStrings:Meridian"] = await _postgres.CreateDatabaseAsync();
        }
        await App.InitializeAsync();
    }

    public async Task TakeDatabaseAwayAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.StopAsync();
            NpgsqlConnection.ClearAllPools();
            return;
        }
        var path = new SqliteConnectionStringBuilder(App.StoreConnectionString).DataSource;
        _movedAway = [.. new[] { "", "-wal", "-shm" }.Select(suffix => path + suffix).Where(File.Exists)];
        foreach (var file in _movedAway)
        {
            File.Move(file, file + ".away");
        }
        await File.WriteAllTextAsync(path, "this is not a database, it is an outage");
        SqliteConnection.ClearAllPools();
    }

    public async Task BringDatabaseBackAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.StartAsync();
            return;
        }
        // Renamed over what is there rather than deleted first: between a delete and the move back, a background job
        // opening the database would create an empty file in its place. The main file goes back last, so no
        // connection ever pairs the real database with another file's write-ahead log.
        SqliteConnection.ClearAllPools();
        foreach (var file in _movedAway.AsEnumerable().Reverse())
        {
            File.Move(file + ".away", file, overwrite: true);
        }
        SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageApp>
{
    public const string Name = "database outage";
}

/// <summary>
/// The catalog must keep answering from its read model, writes and checkout must fail fast with 503 and Retry-After,
/// and all must recover by itself when the database returns, with nothing accepted lost.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class DatabaseOutageTests(OutageApp outage)
{
    private MeridianApp App => outage.App;

    [Fact]
    public async Task the_catalog_answers_while_the_database_is_down_and_writes_get_503_then_recover()
    {
        var shopper = App.Client();
        var admin = App.Admin();
        var before = await shopper.Search("q=shirt&facets=brand");
        var productId = before.Ids()[0];
        var channel = new { handle = HttpAssertions.Unique("pos"), name = "POS", kind = "kiosk" };
        var (sku, _) = await App.PurchasableSku(units: 2);
        var cartId = await shopper.ReadyCart(sku);
        var checkoutKey = Guid.NewGuid().ToString("N");

        await outage.TakeDatabaseAwayAsync();
        try
        {
            var during = await shopper.Search("q=shirt&facets=brand");
            Assert.Equal(before.ToString(), during.ToString());
            await (await shopper.GetAsync($"/v1/catalog/products/{productId}")).ShouldBe(HttpStatusCode.OK);

            var write = await admin.PostJson("/v1/admin/channels", channel);
            await write.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
            Assert.True(write.Headers.RetryAfter is not null, "503 must say when to retry");

            var clock = Stopwatch.StartNew();
            // The bound only catches a hang; the promise is a prompt 503 the client can retry.
            var checkout = await shopper.CheckOut(cartId, key: checkoutKey).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            clock.Stop();
            await checkout.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
            Assert.True(checkout.Headers.RetryAfter is not null, "a checkout that cannot run must say when to retry");
            TestContext.Current.SendDiagnosticMessage($"{TestProfile.Name}: checkout answered 503 in {clock.ElapsedMilliseconds} ms with the database down");
        }
        finally
        {
            await outage.BringDatabaseBackAsync();
        }

        await (await admin.PostJson("/v1/admin/channels", channel)).ShouldBe(HttpStatusCode.Created);
        var order = await (await shopper.CheckOut(cartId, key: checkoutKey)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("placed", order.GetProperty("status").GetString());
    }
}
