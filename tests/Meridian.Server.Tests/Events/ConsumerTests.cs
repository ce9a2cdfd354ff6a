using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Events;

namespace Meridian.Server.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class ConsumerTests(EventsApp app)
{
    private const string EffectCounter = "effect-counter";

    private long Effects(string eventId) => app.Effects(eventId);

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var db = app.OpenDatabase();
        Database.Execute(db, sql, parameters);
    }

    private async Task<JsonElement> Consumer(string name)
    {
        var page = await app.Admin().GetFromJsonAsync<JsonElement>("/v1/admin/events/consumers");
        return page.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
    }

    private static string Id(JsonElement cloudEvent) => cloudEvent.GetProperty("id").GetString()!;

    private static long Sequence(JsonElement cloudEvent) => long.Parse(cloudEvent.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task a_redelivered_event_takes_effect_once()
    {
        var subject = HttpAssertions.Unique("cus");
        await app.AppendAsync(
            new NewEvent(EventTypes.StockChanged, subject, new { n = 1 }),
            new NewEvent(EventTypes.StockChanged, subject, new { n = 2 }),
            new NewEvent(EventTypes.StockChanged, subject, new { n = 3 }));
        await EventsApp.Eventually(async () => (await app.FeedOf(subject)).Count == 3, "three events are published");
        var ids = (await app.FeedOf(subject)).Select(Id).ToList();
        await EventsApp.Eventually(() => Task.FromResult(ids.All(id => Effects(id) == 1)), "each event has taken effect");

        // Redeliver everything: the checkpoint goes back to the start, as after a broker redelivers or a restore.
        Execute("""UPDATE events_checkpoints SET "Sequence" = 0 WHERE "Consumer" = @c""", ("@c", EffectCounter));
        var marker = HttpAssertions.Unique("cus");
        await app.AppendAsync(new NewEvent(EventTypes.StockChanged, marker, new { n = 4 }));
        await EventsApp.Eventually(async () => (await app.FeedOf(marker)).Count == 1, "the marker is published");
        var markerId = Id((await app.FeedOf(marker))[0]);
        await EventsApp.Eventually(() => Task.FromResult(Effects(markerId) == 1), "the consumer has read past the redelivered events");

        Assert.All(ids, id => Assert.Equal(1, Effects(id)));
        await EventsApp.Eventually(async () => (await Consumer(EffectCounter)).GetProperty("lag").GetInt64() == 0, "the lag is back to zero");
    }

    [Fact]
    public async Task events_of_one_subject_arrive_in_the_order_they_were_appended()
    {
        var first = HttpAssertions.Unique("ord");
        var second = HttpAssertions.Unique("ord");
        for (var i = 0; i < 8; i++)
        {
            await app.AppendAsync(
                new NewEvent(EventTypes.OrderPaid, first, new { step = i }),
                new NewEvent(EventTypes.OrderPaid, second, new { step = i }));
        }
        await EventsApp.Eventually(() => Task.FromResult(app.Log.Of(RecordingConsumer.ConsumerName, first).Count == 8 && app.Log.Of(RecordingConsumer.ConsumerName, second).Count == 8),
            "the recorder has seen both subjects");

        var feed = (await app.FeedOf(first)).Select(Id).ToList();
        Assert.Equal(feed, app.Log.Of(RecordingConsumer.ConsumerName, first).Select(c => c.EventId));
        var sequences = app.Log.Of(RecordingConsumer.ConsumerName, second).Select(c => c.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
    }

    [Fact]
    public async Task a_failing_handler_is_retried_and_succeeds_without_a_dead_letter()
    {
        var subject = HttpAssertions.Unique("sku");
        await app.AppendAsync(new NewEvent(EventTypes.StockChanged, subject, new { failTimes = 2 }));

        await EventsApp.Eventually(() => Task.FromResult(app.Log.Of(FlakyConsumer.ConsumerName, subject).Count == 3), "the third attempt ran");
        Assert.Equal([1, 2, 3], app.Log.Of(FlakyConsumer.ConsumerName, subject).Select(c => c.Attempt));
        var eventId = app.Log.Of(FlakyConsumer.ConsumerName, subject)[0].EventId;
        var letters = await app.Admin().GetFromJsonAsync<JsonElement>($"/v1/admin/events/dead-letters?consumer={FlakyConsumer.ConsumerName}&limit=100");
        Assert.DoesNotContain(letters.GetProperty("items").EnumerateArray(), d => d.GetProperty("eventId").GetString() == eventId);
    }

    [Fact]
    public async Task after_commit_actions_run_for_the_attempt_that_committed_and_never_for_one_that_rolled_back()
    {
        var subject = HttpAssertions.Unique("sku");
        await app.AppendAsync(new NewEvent(EventTypes.StockChanged, subject, new { failTimes = 2 }));

        await EventsApp.Eventually(() => Task.FromResult(app.Log.Of(FlakyConsumer.ConsumerName, subject).Count == 3), "the third attempt ran");
        var eventId = app.Log.Of(FlakyConsumer.ConsumerName, subject)[0].EventId;
        await EventsApp.Eventually(() => Task.FromResult(app.Log.Committed.Any(c => c.EventId == eventId)), "the committed attempt's action ran");
        Assert.Equal([3], app.Log.Committed.Where(c => c.EventId == eventId).Select(c => c.Attempt));
    }

    [Fact]
    public async Task an_event_that_keeps_failing_is_dead_lettered_the_consumer_moves_on_and_replaying_the_dead_letter_handles_it()
    {
        var broken = HttpAssertions.Unique("sku");
        var after = HttpAssertions.Unique("sku");
        await app.AppendAsync(new NewEvent(EventTypes.StockChanged, broken, new { failTimes = -1 }));
        await app.AppendAsync(new NewEvent(EventTypes.StockChanged, after, new { failTimes = 0 }));

        await EventsApp.Eventually(() => Task.FromResult(app.Log.Of(FlakyConsumer.ConsumerName, after).Count == 1), "the consumer moved on to the next event");
        Assert.Equal(Enumerable.Range(1, EventsApp.MaxAttempts), app.Log.Of(FlakyConsumer.ConsumerName, broken).Select(c => c.Attempt));
        var eventId = app.Log.Of(FlakyConsumer.ConsumerName, broken)[0].EventId;
        var letters = await app.Admin().GetFromJsonAsync<JsonElement>($"/v1/admin/events/dead-letters?consumer={FlakyConsumer.ConsumerName}&limit=100");
        var letter = letters.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("eventId").GetString() == eventId);
        Assert.Equal(EventsApp.MaxAttempts, letter.GetProperty("attempts").GetInt32());
        Assert.Equal(typeof(InvalidOperationException).FullName, letter.GetProperty("errorType").GetString());
        Assert.DoesNotContain("ada@example.com", letter.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, letter.GetProperty("replayedAt").ValueKind);
        Assert.True((await ConsumerDeadLetters()) >= 1);

        var id = letter.GetProperty("id").GetString();
        var stillFailing = await (await app.Admin().PostAsync($"/v1/admin/events/dead-letters/{id}/replay", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, stillFailing.GetProperty("replayed").GetInt32());
        Assert.Single(stillFailing.GetProperty("failed").EnumerateArray());

        app.Log.Healed[broken] = true;
        var replayed = await (await app.Admin().PostAsync($"/v1/admin/events/dead-letters/{id}/replay", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, replayed.GetProperty("replayed").GetInt32());
        Assert.Empty(replayed.GetProperty("failed").EnumerateArray());
        letters = await app.Admin().GetFromJsonAsync<JsonElement>($"/v1/admin/events/dead-letters?consumer={FlakyConsumer.ConsumerName}&limit=100");
        letter = letters.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("eventId").GetString() == eventId);
        Assert.NotEqual(JsonValueKind.Null, letter.GetProperty("replayedAt").ValueKind);
        Assert.Equal(EventsApp.MaxAttempts + 2, letter.GetProperty("attempts").GetInt32());
    }

    private async Task<int> ConsumerDeadLetters() => (await Consumer(FlakyConsumer.ConsumerName)).GetProperty("deadLetters").GetInt32();

    [Fact]
    public async Task replay_reruns_the_handler_for_one_event_or_a_range_although_the_inbox_has_them()
    {
        var subject = HttpAssertions.Unique("ord");
        await app.AppendAsync(
            new NewEvent(EventTypes.OrderPlaced, subject, new { n = 1 }),
            new NewEvent(EventTypes.OrderPlaced, subject, new { n = 2 }));
        await EventsApp.Eventually(() => Task.FromResult(app.Log.Of(RecordingConsumer.ConsumerName, subject).Count == 2), "the recorder saw both");
        var feed = await app.FeedOf(subject);

        var one = await (await app.Admin().PostJson("/v1/admin/events/replay", new { consumer = RecordingConsumer.ConsumerName, eventId = Id(feed[0]) }))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, one.GetProperty("replayed").GetInt32());
        Assert.Equal(3, app.Log.Of(RecordingConsumer.ConsumerName, subject).Count);

        var range = await (await app.Admin().PostJson("/v1/admin/events/replay",
            new { consumer = RecordingConsumer.ConsumerName, fromSequence = Sequence(feed[0]), toSequence = Sequence(feed[1]) })).ShouldBe(HttpStatusCode.OK);
        Assert.True(range.GetProperty("replayed").GetInt32() >= 2);
        Assert.Equal([Id(feed[0]), Id(feed[1])], app.Log.Of(RecordingConsumer.ConsumerName, subject).Skip(3).Select(c => c.EventId));
    }

    [Fact]
    public async Task consumers_are_listed_with_their_checkpoints()
    {
        var page = await app.Admin().GetFromJsonAsync<JsonElement>("/v1/admin/events/consumers");
        var names = page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains(EffectCounter, names);
        Assert.Contains(RecordingConsumer.ConsumerName, names);
        Assert.Contains(FlakyConsumer.ConsumerName, names);
        Assert.All(page.GetProperty("items").EnumerateArray(), c => Assert.True(c.GetProperty("lag").GetInt64() >= 0));
    }

    [Fact]
    public void the_inbox_refuses_a_second_row_for_the_same_consumer_and_event()
    {
        var eventId = "evt_" + Guid.NewGuid().ToString("N")[..26];
        const string Claim = """INSERT INTO events_inbox ("Consumer", "EventId", "ProcessedAt") VALUES ('x', @e, 0)""";
        Execute(Claim, ("@e", eventId));
        Assert.ThrowsAny<DbException>(() => Execute(Claim, ("@e", eventId)));
    }
}
