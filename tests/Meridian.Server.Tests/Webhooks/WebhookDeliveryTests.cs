using System.Net;
using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Events;

namespace Meridian.Server.Tests.Webhooks;

[Collection(WebhooksCollection.Name)]
public sealed class WebhookDeliveryTests(WebhooksApp app)
{
    private WebhookReceiver Receiver => app.Receiver;

    [Fact]
    public async Task an_event_arrives_as_a_cloudevent_signed_per_standard_webhooks()
    {
        var (id, secret, path) = await app.RegisterAsync("order.*");
        var placed = WebhooksApp.NewEvent(EventTypes.OrderPlaced);

        await app.ConsumeAsync(placed);
        await app.DeliverAsync();

        var request = Assert.Single(Receiver.To(path));
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(placed.Id, request.Header("webhook-id"));
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("webhook-timestamp"));
        Assert.Null(StandardWebhooksVerifier.Problem(secret, request.Headers, request.Body, app.Clock.GetUtcNow()));
        var received = EventEnvelope.FromCloudEventJson(request.Body);
        Assert.Equal(placed.Id, received.Id);
        Assert.Equal(EventTypes.OrderPlaced, received.Type);
        Assert.Equal("grüße", received.Data.GetProperty("note").GetString());

        var delivery = Assert.Single((await app.DeliveriesAsync(id)).EnumerateArray());
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        Assert.Equal(placed.Id, delivery.GetProperty("eventId").GetString());
        Assert.Equal("order.placed.v1", delivery.GetProperty("eventType").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.True(attempt.GetProperty("durationMs").GetInt32() >= 0);
    }

    [Fact]
    public async Task the_background_worker_delivers_when_its_clock_ticks()
    {
        var (_, secret, path) = await app.RegisterAsync(EventTypes.OrderCancelled);

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.OrderCancelled));
        app.Clock.Advance(TimeSpan.FromHours(1));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Receiver.To(path).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        var request = Assert.Single(Receiver.To(path));
        Assert.Null(StandardWebhooksVerifier.Problem(secret, request.Headers, request.Body, app.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task the_independent_verifier_rejects_a_tampered_body_an_old_timestamp_and_another_secret()
    {
        var (_, secret, path) = await app.RegisterAsync(EventTypes.OrderPaid);
        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.OrderPaid));
        await app.DeliverAsync();
        var request = Assert.Single(Receiver.To(path));
        var now = app.Clock.GetUtcNow();

        Assert.Null(StandardWebhooksVerifier.Problem(secret, request.Headers, request.Body, now));
        var tampered = request.Body.ToArray();
        tampered[^2] ^= 0x01;
        Assert.Equal("no matching signature", StandardWebhooksVerifier.Problem(secret, request.Headers, tampered, now));
        Assert.Equal("timestamp outside the tolerance", StandardWebhooksVerifier.Problem(secret, request.Headers, request.Body, now.AddMinutes(6)));
        var otherSecret = "whsec_" + Convert.ToBase64String(new byte[32]);
        Assert.Equal("no matching signature", StandardWebhooksVerifier.Problem(otherSecret, request.Headers, request.Body, now));
    }

    [Fact]
    public async Task an_endpoint_receives_only_the_types_its_filter_names()
    {
        var (customers, _, customersPath) = await app.RegisterAsync("customer.*");
        var (stock, _, stockPath) = await app.RegisterAsync(EventTypes.StockChanged);

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.OrderCancelled));
        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.CustomerRegistered));
        await app.DeliverAsync();

        Assert.Equal(EventTypes.CustomerRegistered, EventEnvelope.FromCloudEventJson(Assert.Single(Receiver.To(customersPath)).Body).Type);
        Assert.Empty(Receiver.To(stockPath));
        Assert.Single((await app.DeliveriesAsync(customers)).EnumerateArray());
        Assert.Empty((await app.DeliveriesAsync(stock)).EnumerateArray());
    }

    [Fact]
    public async Task a_replayed_event_is_queued_and_sent_once()
    {
        var (id, _, path) = await app.RegisterAsync(EventTypes.OrderRefunded);
        var refunded = WebhooksApp.NewEvent(EventTypes.OrderRefunded);

        await app.ConsumeAsync(refunded);
        await app.ConsumeAsync(refunded);
        await app.DeliverAsync();
        await app.DeliverAsync();

        Assert.Single((await app.DeliveriesAsync(id)).EnumerateArray());
        Assert.Single(Receiver.To(path));
    }

    [Fact]
    public async Task a_failed_attempt_is_retried_on_schedule_with_the_same_webhook_id()
    {
        var (id, secret, path) = await app.RegisterAsync(EventTypes.OrderFulfilled);
        Receiver.Answer(path, new ScriptedResponse(500));
        var fulfilled = WebhooksApp.NewEvent(EventTypes.OrderFulfilled);

        await app.ConsumeAsync(fulfilled);
        await app.DeliverAsync();

        Assert.Single(Receiver.To(path));
        var pending = Assert.Single((await app.DeliveriesAsync(id)).EnumerateArray());
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(500, Assert.Single(pending.GetProperty("attempts").EnumerateArray()).GetProperty("statusCode").GetInt32());
        var nextAttempt = pending.GetProperty("nextAttemptAt").GetDateTimeOffset() - app.Clock.GetUtcNow();
        Assert.InRange(nextAttempt, TimeSpan.FromSeconds(4.4), TimeSpan.FromSeconds(5.6));

        app.Clock.Advance(TimeSpan.FromSeconds(4));
        await app.DeliverAsync();
        Assert.Single(Receiver.To(path));

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await app.DeliverAsync();
        var requests = Receiver.To(path);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(fulfilled.Id, r.Header("webhook-id")));
        Assert.Null(StandardWebhooksVerifier.Problem(secret, requests[1].Headers, requests[1].Body, app.Clock.GetUtcNow()));
        var delivered = Assert.Single((await app.DeliveriesAsync(id)).EnumerateArray());
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(2, delivered.GetProperty("attempts").GetArrayLength());
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task retry_after_is_honoured(int status)
    {
        var (id, _, path) = await app.RegisterAsync(EventTypes.ProductChanged);
        Receiver.Answer(path, new ScriptedResponse(status, RetryAfter: "120"));

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.ProductChanged));
        await app.DeliverAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        await app.DeliverAsync();

        Assert.Single(Receiver.To(path));
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await app.DeliverAsync();
        Assert.Equal(2, Receiver.To(path).Count);
        Assert.Equal("delivered", Assert.Single((await app.DeliveriesAsync(id)).EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task gone_disables_the_endpoint_at_once_and_enabling_it_resumes_delivery()
    {
        var (id, _, path) = await app.RegisterAsync(EventTypes.CartConverted);
        Receiver.Answer(path, new ScriptedResponse(410));

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.CartConverted));
        await app.DeliverAsync();

        var endpoint = await app.EndpointAsync(id);
        Assert.False(endpoint.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", endpoint.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", Assert.Single((await app.DeliveriesAsync(id)).EnumerateArray()).GetProperty("status").GetString());

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.CartConverted));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.DeliverAsync();
        Assert.Single(Receiver.To(path));
        Assert.Single((await app.DeliveriesAsync(id)).EnumerateArray());

        var enabled = await (await app.Admin().PostAsync($"/v1/admin/webhooks/{id}/enable", null)).ShouldBe(HttpStatusCode.OK);
        Assert.True(enabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabledReason").ValueKind);
        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.CartConverted));
        await app.DeliverAsync();
        Assert.Equal(2, Receiver.To(path).Count);
    }

    [Fact]
    public async Task a_delivery_that_runs_out_of_retries_fails_and_can_be_redelivered()
    {
        var (id, secret, path) = await app.RegisterAsync(EventTypes.CustomerErased);
        Receiver.Otherwise(path, new ScriptedResponse(500));

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.CustomerErased));
        var attempts = await RunUntilSettledAsync(id);

        Assert.Equal(12, attempts);
        Assert.Equal(12, Receiver.To(path).Count);
        var failed = Assert.Single((await app.DeliveriesAsync(id, "failed")).EnumerateArray());
        Assert.Equal(12, failed.GetProperty("attempts").GetArrayLength());
        Assert.True((await app.EndpointAsync(id)).GetProperty("enabled").GetBoolean());

        Receiver.Otherwise(path, new ScriptedResponse(204));
        var deliveryId = failed.GetProperty("id").GetString();
        var redelivery = await (await app.Admin().PostAsync($"/v1/admin/webhooks/deliveries/{deliveryId}/redeliver", null)).ShouldBe(HttpStatusCode.Accepted);
        Assert.Equal("pending", redelivery.GetProperty("status").GetString());
        await app.DeliverAsync();

        var request = Receiver.To(path)[^1];
        Assert.Equal(13, Receiver.To(path).Count);
        Assert.Null(StandardWebhooksVerifier.Problem(secret, request.Headers, request.Body, app.Clock.GetUtcNow()));
        var delivered = await (await app.Admin().GetAsync($"/v1/admin/webhooks/deliveries/{deliveryId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(204, delivered.GetProperty("attempts")[12].GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task an_endpoint_whose_deliveries_keep_running_out_of_retries_is_disabled_with_the_reason()
    {
        var (id, _, path) = await app.RegisterAsync(EventTypes.StockChanged);
        Receiver.Otherwise(path, new ScriptedResponse(502));

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.StockChanged));
        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.StockChanged));
        await RunUntilSettledAsync(id);

        var endpoint = await app.EndpointAsync(id);
        Assert.False(endpoint.GetProperty("enabled").GetBoolean());
        Assert.Contains("2 deliveries in a row", endpoint.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("502", endpoint.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await app.DeliveriesAsync(id, "failed")).GetArrayLength());

        var redeliver = await app.Admin().PostAsync($"/v1/admin/webhooks/deliveries/{(await app.DeliveriesAsync(id))[0].GetProperty("id").GetString()}/redeliver", null);
        await redeliver.ShouldBeProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task during_a_rotation_both_secrets_sign_and_after_a_day_only_the_new_one()
    {
        var (id, oldSecret, path) = await app.RegisterAsync(EventTypes.OrderPlaced);
        var rotated = await (await app.Admin().PostAsync($"/v1/admin/webhooks/{id}/secret/rotate", null)).ShouldBe(HttpStatusCode.OK);
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(app.Clock.GetUtcNow().AddHours(24), rotated.GetProperty("endpoint").GetProperty("previousSecretExpiresAt").GetDateTimeOffset());

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.OrderPlaced));
        await app.DeliverAsync();
        var during = Assert.Single(Receiver.To(path));
        Assert.Equal(2, during.Header("webhook-signature").Split(' ').Length);
        Assert.Null(StandardWebhooksVerifier.Problem(newSecret, during.Headers, during.Body, app.Clock.GetUtcNow()));
        Assert.Null(StandardWebhooksVerifier.Problem(oldSecret, during.Headers, during.Body, app.Clock.GetUtcNow()));

        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.OrderPlaced));
        await app.DeliverAsync();
        var after = Receiver.To(path)[1];
        Assert.Single(after.Header("webhook-signature").Split(' '));
        Assert.Null(StandardWebhooksVerifier.Problem(newSecret, after.Headers, after.Body, app.Clock.GetUtcNow()));
        Assert.Equal("no matching signature", StandardWebhooksVerifier.Problem(oldSecret, after.Headers, after.Body, app.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task deliveries_and_failed_attempts_are_counted_in_the_webhooks_meter()
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Meridian.Webhooks")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counts.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.Start();
        var (_, _, path) = await app.RegisterAsync(EventTypes.CustomerRegistered);
        Receiver.Answer(path, new ScriptedResponse(500));

        await app.ConsumeAsync(WebhooksApp.NewEvent(EventTypes.CustomerRegistered));
        await app.DeliverAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        await app.DeliverAsync();

        Assert.Equal(2, Receiver.To(path).Count);
        Assert.True(counts.GetValueOrDefault("meridian.webhooks.attempts.failed") >= 1);
        Assert.True(counts.GetValueOrDefault("meridian.webhooks.delivered") >= 1);
    }

    /// <summary>Moves the clock to each next attempt of the endpoint's deliveries until none is pending; returns the attempts of the first.</summary>
    private async Task<int> RunUntilSettledAsync(string endpointId)
    {
        for (var round = 0; round < 100; round++)
        {
            await app.DeliverAsync();
            var pending = (await app.DeliveriesAsync(endpointId, "pending")).EnumerateArray().ToList();
            if (pending.Count == 0)
            {
                return (await app.DeliveriesAsync(endpointId)).EnumerateArray().Last().GetProperty("attempts").GetArrayLength();
            }
            var next = pending.Min(d => d.GetProperty("nextAttemptAt").GetDateTimeOffset());
            if (next > app.Clock.GetUtcNow())
            {
                app.Clock.Advance(next - app.Clock.GetUtcNow());
            }
        }
        throw new InvalidOperationException("The deliveries never settled.");
    }
}
