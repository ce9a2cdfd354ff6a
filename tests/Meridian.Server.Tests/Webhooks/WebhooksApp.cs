using System.Net.Http.Headers;
using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Meridian.Webhooks.Contracts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Server.Tests.Webhooks;

/// <summary>
/// A Server for webhook delivery tests: loopback endpoints allowed (the receivers run on 127.0.0.1), a clock the
/// tests move through the retry schedule, and an endpoint disabled after two deliveries in a row run out of
/// retries. The worker's own poll runs hourly on that clock; tests mostly run passes explicitly. Events reach the webhooks consumer the way the event runner hands them over: inside a transaction
/// on the region's database.
/// </summary>
public sealed class WebhooksApp : IAsyncLifetime
{
    private readonly MeridianApp _app = new();
    private readonly WebApplicationFactory<Program> _factory;

    public WebhooksApp()
    {
        _app.Settings["Meridian:Webhooks:AllowLoopback"] = "true";
        _app.Settings["Meridian:Webhooks:DisableAfterFailedDeliveries"] = "2";
        // Tests run passes themselves; a 1 s poll would make every hour the clock jumps cost 3,600 timer callbacks.
        _app.Settings["Meridian:Webhooks:PollInterval"] = "01:00:00";
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock)));
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public WebhookReceiver Receiver { get; private set; } = null!;

    public HttpClient Admin()
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", MeridianApp.AdminKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Registers an endpoint on the shared receiver at a path of its own; returns its id, secret and path.</summary>
    public async Task<(string Id, string Secret, string Path)> RegisterAsync(params string[] eventTypes)
    {
        var (url, path) = Receiver.NewUrl();
        var created = await (await Admin().PostJson("/v1/admin/webhooks", new { url, eventTypes })).ShouldBe(System.Net.HttpStatusCode.Created);
        return (created.GetProperty("endpoint").GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!, path);
    }

    public static EventEnvelope NewEvent(string type = EventTypes.OrderPlaced) =>
        new(Ids.New("evt"), type, "/meridian/eu-central", Ids.New("ord"), DateTimeOffset.UtcNow, 1,
            JsonDocument.Parse("""{"orderId":"ord_test","total":{"amount":1999,"currency":"EUR"},"note":"grüße"}""").RootElement.Clone());

    /// <summary>Hands <paramref name="envelope"/> to the webhooks consumer in a transaction of its own, and commits.</summary>
    public Task ConsumeAsync(EventEnvelope envelope) => ConsumeAsync(_factory.Services, envelope);

    /// <summary>Hands <paramref name="envelope"/> to the webhooks consumer of the Server whose <paramref name="server"/> these are.</summary>
    public static Task ConsumeAsync(IServiceProvider server, EventEnvelope envelope) =>
        server.GetRequiredService<RegionTransactions>().InTransactionAsync(async (services, transaction) =>
        {
            var consumer = services.GetServices<IEventConsumer>().Single(c => c.Name == "webhooks");
            Assert.True(consumer.Handles(envelope.Type));
            await consumer.HandleAsync(envelope, new ConsumeContext(transaction, 1), CancellationToken.None);
            return (0, true);
        }, CancellationToken.None);

    /// <summary>Runs delivery passes until every due delivery has been attempted.</summary>
    public Task DeliverAsync() => _factory.Services.GetRequiredService<IWebhookDeliveryPass>().DeliverDueAsync();

    public async Task<JsonElement> DeliveriesAsync(string endpointId, string? status = null) =>
        (await (await Admin().GetAsync($"/v1/admin/webhooks/{endpointId}/deliveries{(status is null ? "" : "?status=" + status)}"))
            .ShouldBe(System.Net.HttpStatusCode.OK)).GetProperty("items");

    public async Task<JsonElement> EndpointAsync(string endpointId) =>
        await (await Admin().GetAsync($"/v1/admin/webhooks/{endpointId}")).ShouldBe(System.Net.HttpStatusCode.OK);

    public async ValueTask InitializeAsync()
    {
        await _app.PrepareAsync();
        _ = _factory.Server;
        Receiver = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebhooksCollection : ICollectionFixture<WebhooksApp>
{
    public const string Name = "webhooks";
}
