using System.Net;
using Meridian.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Meridian.Server.Tests.Catalog;

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<MeridianApp>
{
    public const string Name = "database outage";
}

/// <summary>
/// The database file is swapped for one that is not a database, and every pooled connection is
/// dropped: a real outage as the Server sees it. The catalog must keep answering from its read
/// model, writes must fail fast with 503 and Retry-After, and all must recover when it returns.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class DatabaseOutageTests(MeridianApp app)
{
    [Fact]
    public async Task the_catalog_answers_while_the_database_is_down_and_writes_get_503_then_recover()
    {
        var shopper = app.Client();
        var admin = app.Admin();
        var before = await shopper.Search("q=shirt&facets=brand");
        var productId = before.Ids()[0];
        var channel = new { handle = HttpAssertions.Unique("pos"), name = "POS", kind = "kiosk" };

        var files = new[] { "", "-wal", "-shm" }.Select(suffix => app.DatabasePath + suffix).Where(File.Exists).ToList();
        foreach (var file in files)
        {
            File.Move(file, file + ".away");
        }
        await File.WriteAllTextAsync(app.DatabasePath, "this is not a database, it is an outage", TestContext.Current.CancellationToken);
        SqliteConnection.ClearAllPools();
        try
        {
            var during = await shopper.Search("q=shirt&facets=brand");
            Assert.Equal(before.ToString(), during.ToString());
            await (await shopper.GetAsync($"/v1/catalog/products/{productId}")).ShouldBe(HttpStatusCode.OK);

            var write = await admin.PostJson("/v1/admin/channels", channel);
            await write.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
            Assert.True(write.Headers.RetryAfter is not null, "503 must say when to retry");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(app.DatabasePath);
            foreach (var file in files)
            {
                File.Move(file + ".away", file);
            }
        }

        await (await admin.PostJson("/v1/admin/channels", channel)).ShouldBe(HttpStatusCode.Created);
    }
}
