using System.Net.Http.Headers;

using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Server.Tests.Infrastructure;

/// <summary>
/// A Server whose clock the tests move: lockouts and token lifetimes are checked by advancing
/// <see cref="Clock"/>, never by sleeping. Its own database, like every collection's.
/// </summary>
public sealed class ClockedMeridianApp : IAsyncLifetime
{
    private readonly MeridianApp _app = new();
    private readonly WebApplicationFactory<Program> _factory;

    public ClockedMeridianApp() =>
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock)));

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient Client(string? apiKey = MeridianApp.WebKey, string? bearer = null)
    {
        var client = _factory.CreateClient();
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

    public async ValueTask InitializeAsync()
    {
        await _app.PrepareAsync();
        _ = _factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClockedServerCollection : ICollectionFixture<ClockedMeridianApp>
{
    public const string Name = "clocked-server";
}
