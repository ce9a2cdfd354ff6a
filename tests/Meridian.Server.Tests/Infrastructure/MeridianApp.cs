using System.Data.Common;
using System.Net.Http.Headers;
using Meridian.SharedKernel.Data;
using Meridian.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Meridian.Server.Tests.Infrastructure;

/// <summary>
/// One real Server per test collection: the Development environment (so the demo keys exist), a store of its own
/// in the <see cref="TestProfile"/> under test (a SQLite file, or a PostgreSQL database with its own Redis and NATS),
/// the real migrations and the real demo seed. Tests create their own uniquely named data and never depend on what
/// another test left behind.
/// </summary>
public sealed class MeridianApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "sk_demo_meridian_admin_0000000000000000";
    public const string WebKey = "pk_demo_meridian_web_0000000000";
    public const string KioskKey = "pk_demo_meridian_kiosk_0000000000";

    private const string StoreSetting = "ConnectionStrings:" + ModuleDatabase.ConnectionStringName;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "meridian-tests", Guid.NewGuid().ToString("N"));
    private readonly List<LocalServer> _services = [];
    private bool _prepared;

    /// <summary>Settings a test collection overrides, applied before the host is built.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Meridian:DemoProducts"] = "300",
    };

    /// <summary>The region database's connection string, once <see cref="PrepareAsync"/> provisioned it.</summary>
    public string StoreConnectionString => Settings[StoreSetting] ?? throw new InvalidOperationException("The store is not provisioned yet.");

    /// <summary>Where this Server keeps local files (key files, the simulated marketplace), once provisioned.</summary>
    public string DataFolder => Settings[RegionDatabase.DataFolderSetting] ?? throw new InvalidOperationException("The store is not provisioned yet.");

    public static bool OnPostgres => TestProfile.IsProduction;

    /// <summary>
    /// Provisions the store this Server runs on; settings a collection already chose (its own NATS, say) are kept.
    /// Embedded: a SQLite file in a folder of its own. Production: a fresh database on the run's PostgreSQL cluster,
    /// and a redis-server and nats-server of its own, so no host ever sees another's keys or streams.
    /// </summary>
    public async Task PrepareAsync()
    {
        if (_prepared)
        {
            return;
        }
        _prepared = true;
        Settings.TryAdd(RegionDatabase.DataFolderSetting, _folder);
        if (!TestProfile.IsProduction)
        {
            Settings.TryAdd(StoreSetting, $"Data Source={Path.Combine(_folder, "meridian.db")}");
            return;
        }
        Settings.TryAdd(RegionDatabase.ProviderSetting, "postgres");
        if (!Settings.ContainsKey(StoreSetting))
        {
            Settings[StoreSetting] = await (await TestProfile.PostgresAsync()).CreateDatabaseAsync();
        }
        if (!Settings.ContainsKey("ConnectionStrings:Redis"))
        {
            Settings["ConnectionStrings:Redis"] = (await StartAsync(new RedisServer())).ConnectionString;
        }
        if (!Settings.ContainsKey("ConnectionStrings:Nats"))
        {
            Settings["ConnectionStrings:Nats"] = (await StartAsync(new NatsServer())).Url;
        }
    }

    /// <summary>A second Server on <paramref name="other"/>'s store and local files: the first one after a restart.</summary>
    public static MeridianApp SharingStoreWith(MeridianApp other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var app = new MeridianApp { _prepared = true };
        foreach (var (key, value) in other.Settings)
        {
            app.Settings[key] = value;
        }
        return app;
    }

    /// <summary>
    /// Another replica of <paramref name="other"/>'s region: the same store (database, Redis, NATS), but local files of
    /// its own, as on another machine, so nothing reaches it through a shared folder.
    /// </summary>
    public static MeridianApp ReplicaOf(MeridianApp other)
    {
        var app = SharingStoreWith(other);
        app.Settings[RegionDatabase.DataFolderSetting] = app._folder;
        return app;
    }

    /// <summary>A connection of the test's own (not the Server's pool) to the region's database, opened.</summary>
    public DbConnection OpenDatabase()
    {
        DbConnection connection = OnPostgres
            ? new NpgsqlConnection(StoreConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder(StoreConnectionString) { Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (!_prepared)
        {
            throw new InvalidOperationException("Call InitializeAsync (or PrepareAsync) before starting the Server: its store is not provisioned.");
        }
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends <paramref name="apiKey"/> (none when null) and, optionally, a customer's token.</summary>
    public HttpClient Client(string? apiKey = WebKey, string? bearer = null)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    public HttpClient Admin() => Client(AdminKey);

    public async ValueTask InitializeAsync()
    {
        await PrepareAsync();
        _ = Server;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is cleaned with the temp folder, and a Server that never started made
            // no folder; neither may fail a test.
        }
    }

    private async Task<T> StartAsync<T>(T service)
        where T : LocalServer
    {
        _services.Add(service);
        await service.InitializeAsync();
        return service;
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<MeridianApp>
{
    public const string Name = "server";
}
