using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meridian.Server.Tests.Infrastructure;

/// <summary>
/// One real Server per test collection: the Development environment (so the demo keys exist), its
/// own SQLite file, the real migrations and the real demo seed. Tests create their own uniquely
/// named data and never depend on what another test left behind.
/// </summary>
public sealed class MeridianApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "sk_demo_meridian_admin_0000000000000000";
    public const string WebKey = "pk_demo_meridian_web_0000000000";
    public const string KioskKey = "pk_demo_meridian_kiosk_0000000000";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "meridian-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "meridian.db");

    /// <summary>Settings a test collection overrides, applied before the host is built.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Meridian:DemoProducts"] = "300",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Meridian", $"Data Source={DatabasePath}");
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

    public ValueTask InitializeAsync()
    {
        _ = Server;
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is cleaned with the temp folder; it must not fail a test.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<MeridianApp>
{
    public const string Name = "server";
}
