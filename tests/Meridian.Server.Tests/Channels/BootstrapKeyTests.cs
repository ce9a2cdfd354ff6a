using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Channels;

/// <summary>A store started without demo data: no channels, and one admin key to create them with.</summary>
public sealed class EmptyStoreApp : IAsyncLifetime
{
    public MeridianApp App { get; } = new() { Settings = { ["Meridian:SeedDemoData"] = "false" } };

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public sealed class BootstrapKeyTests(EmptyStoreApp store) : IClassFixture<EmptyStoreApp>
{
    [Fact]
    public async Task a_store_without_demo_data_gets_one_admin_key_on_its_first_start_and_no_more_on_later_starts()
    {
        Assert.Equal(1, KeysNamedBootstrap());
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM channels_sales_channels"));
        Assert.Equal(1L, Scalar("""SELECT COUNT(*) FROM channels_api_keys WHERE "Kind" = 'secret' AND "ChannelId" IS NULL"""));

        await using var restarted = MeridianApp.SharingStoreWith(store.App);
        _ = restarted.Server;

        Assert.Equal(1, KeysNamedBootstrap());
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM channels_api_keys"));
    }

    private long KeysNamedBootstrap() => Scalar("""SELECT COUNT(*) FROM channels_api_keys WHERE "Name" = 'bootstrap admin'""");

    private long Scalar(string sql)
    {
        using var db = store.App.OpenDatabase();
        return Database.Scalar(db, sql);
    }
}
