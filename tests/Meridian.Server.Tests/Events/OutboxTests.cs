using System.Net.Http.Json;
using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class OutboxTests(EventsApp app)
{
    [Fact]
    public async Task a_committed_transaction_publishes_its_events_and_a_rolled_back_one_publishes_nothing()
    {
        var kept = HttpAssertions.Unique("sub");
        var dropped = HttpAssertions.Unique("sub");
        var marker = HttpAssertions.Unique("sub");
        await app.AppendAsync(commit: true, new NewEvent(EventTypes.StockChanged, kept, new { sku = "A" }), new NewEvent(EventTypes.StockChanged, kept, new { sku = "B" }));
        await app.AppendAsync(commit: false, new NewEvent(EventTypes.StockChanged, dropped, new { sku = "C" }));
        // Appended after the rolled-back one, so once it is published the dispatcher has passed where the other would be.
        await app.AppendAsync(commit: true, new NewEvent(EventTypes.StockChanged, marker, new { sku = "D" }));

        await EventsApp.Eventually(async () => (await app.FeedOf(marker)).Count == 1, "the marker is published");
        Assert.Equal(2, (await app.FeedOf(kept)).Count);
        Assert.Empty(await app.FeedOf(dropped));
        using var db = app.OpenDatabase();
        Assert.Equal(0L, Database.Scalar(db, """SELECT COUNT(*) FROM events_outbox WHERE "Subject" = @p""", dropped));
    }

    [Fact]
    public async Task events_are_published_in_append_order_as_cloud_events_with_increasing_sequences()
    {
        var subject = HttpAssertions.Unique("ord");
        for (var i = 0; i < 5; i++)
        {
            await app.AppendAsync(new NewEvent(EventTypes.OrderPaid, subject, new { OrderId = subject, Step = i, Amount = new { Amount = 1250, Currency = "EUR" } }));
        }

        await EventsApp.Eventually(async () => (await app.FeedOf(subject)).Count == 5, "five events are published");
        var feed = await app.FeedOf(subject);
        Assert.Equal([0, 1, 2, 3, 4], feed.Select(e => e.GetProperty("data").GetProperty("step").GetInt32()));
        var sequences = feed.Select(e => long.Parse(e.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.First < p.Second), $"Sequences not increasing: {string.Join(",", sequences)}");
        var first = feed[0];
        Assert.Equal("1.0", first.GetProperty("specversion").GetString());
        Assert.Equal("/meridian/eu-central", first.GetProperty("source").GetString());
        Assert.Equal(EventTypes.OrderPaid, first.GetProperty("type").GetString());
        Assert.StartsWith("evt_", first.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(1250, first.GetProperty("data").GetProperty("amount").GetProperty("amount").GetInt64());

        var one = await app.Admin().GetFromJsonAsync<JsonElement>($"/v1/admin/events/{first.GetProperty("id").GetString()}");
        Assert.Equal(first.GetProperty("sequence").GetString(), one.GetProperty("sequence").GetString());
    }

    [Fact]
    public async Task an_unknown_type_or_an_empty_subject_is_refused_at_append()
    {
        var outbox = app.Services.GetRequiredService<IEventOutbox>();
        await using var db = app.OpenDatabase();
        await using var transaction = await db.BeginTransactionAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.AppendAsync(transaction, [new NewEvent("order.exploded.v1", "ord_x", new { })]));
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.AppendAsync(transaction, [new NewEvent(EventTypes.OrderPaid, " ", new { })]));
    }
}
