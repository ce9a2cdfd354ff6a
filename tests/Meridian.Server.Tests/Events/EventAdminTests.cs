using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Events;

namespace Meridian.Server.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class EventAdminTests(EventsApp app)
{
    [Fact]
    public async Task the_feed_pages_by_cursor_in_sequence_order_without_gaps_or_repeats()
    {
        var subject = HttpAssertions.Unique("prod");
        for (var i = 0; i < 7; i++)
        {
            await app.AppendAsync(new NewEvent(EventTypes.ProductChanged, subject, new { productId = subject, step = i }));
        }
        await EventsApp.Eventually(async () => (await app.FeedOf(subject)).Count == 7, "seven events are published");
        var all = await app.FeedOf(subject);
        var start = long.Parse(all[0].GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - 1;

        var seen = new List<JsonElement>();
        string? cursor = start.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pages = 0;
        while (cursor is not null && seen.Count(e => e.GetProperty("subject").GetString() == subject) < 7)
        {
            var page = await app.Admin().GetFromJsonAsync<JsonElement>($"/v1/admin/events?after={cursor}&limit=3&type={EventTypes.ProductChanged}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 3);
            Assert.All(items, e => Assert.Equal(EventTypes.ProductChanged, e.GetProperty("type").GetString()));
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        var mine = seen.Where(e => e.GetProperty("subject").GetString() == subject).ToList();
        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()), mine.Select(e => e.GetProperty("id").GetString()));
        var sequences = seen.Select(e => long.Parse(e.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequences.Distinct().Order(), sequences);
        Assert.True(pages >= 3, $"Seven events in pages of three took {pages} pages.");
    }

    [Theory]
    [InlineData("/v1/admin/events?after=abc", "after")]
    [InlineData("/v1/admin/events?after=-1", "after")]
    [InlineData("/v1/admin/events?limit=0", "limit")]
    [InlineData("/v1/admin/events?type=order.exploded.v1", "type")]
    [InlineData("/v1/admin/events/dead-letters?cursor=nope", "cursor")]
    public async Task bad_query_parameters_are_a_validation_problem(string url, string field) =>
        await (await app.Admin().GetAsync(url)).ShouldBeInvalid(field);

    [Fact]
    public async Task bad_replay_requests_are_validation_problems()
    {
        var admin = app.Admin();
        await (await admin.PostJson("/v1/admin/events/replay", new { consumer = RecordingConsumer.ConsumerName })).ShouldBeInvalid("eventId");
        await (await admin.PostJson("/v1/admin/events/replay", new { consumer = RecordingConsumer.ConsumerName, eventId = "evt_x", fromSequence = 1, toSequence = 2 }))
            .ShouldBeInvalid("eventId");
        await (await admin.PostJson("/v1/admin/events/replay", new { consumer = RecordingConsumer.ConsumerName, fromSequence = 5, toSequence = 2 })).ShouldBeInvalid("toSequence");
        await (await admin.PostJson("/v1/admin/events/replay", new { consumer = RecordingConsumer.ConsumerName, fromSequence = 1, toSequence = 5000 })).ShouldBeInvalid("toSequence");
        await (await admin.PostJson("/v1/admin/events/replay", new { eventId = "evt_x" })).ShouldBeInvalid("consumer");
        await (await admin.PostRaw("/v1/admin/events/replay", "{\"consumer\": 5}")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task unknown_events_consumers_and_dead_letters_are_not_found()
    {
        var admin = app.Admin();
        await (await admin.GetAsync("/v1/admin/events/evt_01JD5ZZZZZZZZZZZZZZZZZZZZZ")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/v1/admin/events/dead-letters?consumer=nobody")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await admin.PostAsync("/v1/admin/events/dead-letters/dlq_01JD5ZZZZZZZZZZZZZZZZZZZZZ/replay", null)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await admin.PostJson("/v1/admin/events/replay", new { consumer = "nobody", eventId = "evt_01JD5ZZZZZZZZZZZZZZZZZZZZZ" })).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await admin.PostJson("/v1/admin/events/replay", new { consumer = RecordingConsumer.ConsumerName, eventId = "evt_01JD5ZZZZZZZZZZZZZZZZZZZZZ" }))
            .ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_event_admin_needs_the_events_scopes()
    {
        var issued = await (await app.Admin().PostJson("/v1/admin/api-keys", new { name = "catalog only", kind = "secret", scopes = new[] { "catalog:read" } }))
            .ShouldBe(HttpStatusCode.Created);
        var catalogOnly = app.Client(issued.GetProperty("key").GetString());
        await (await catalogOnly.GetAsync("/v1/admin/events")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await catalogOnly.GetAsync("/v1/admin/events/consumers")).ShouldBeProblem(HttpStatusCode.Forbidden);

        var reader = await (await app.Admin().PostJson("/v1/admin/api-keys", new { name = "events reader", kind = "secret", scopes = new[] { "events:read" } }))
            .ShouldBe(HttpStatusCode.Created);
        var readOnly = app.Client(reader.GetProperty("key").GetString());
        await (await readOnly.GetAsync("/v1/admin/events")).ShouldBe(HttpStatusCode.OK);
        await (await readOnly.PostJson("/v1/admin/events/replay", new { consumer = RecordingConsumer.ConsumerName, eventId = "evt_x" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await app.Client(MeridianApp.WebKey).GetAsync("/v1/admin/events")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
