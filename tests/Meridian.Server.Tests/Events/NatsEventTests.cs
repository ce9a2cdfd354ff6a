using System.Net;
using Meridian.Server.Tests.Carts;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Events;
using NATS.Client.JetStream;

namespace Meridian.Server.Tests.Events;

/// <summary>A Server whose events travel through a real NATS JetStream.</summary>
[Collection(NatsEventsCollection.Name)]
public sealed class NatsEventTests(NatsEventsApp nats)
{
    private EventsApp App => nats.Events;

    private const string EffectCounter = "effect-counter";

    [Fact]
    public async Task events_reach_consumers_through_nats_once_each_and_in_sequence_order()
    {
        var subject = HttpAssertions.Unique("sku");
        for (var step = 0; step < 3; step++)
        {
            await App.AppendAsync(
                new NewEvent(EventTypes.StockChanged, subject, new { step, part = 1 }),
                new NewEvent(EventTypes.StockChanged, subject, new { step, part = 2 }));
        }

        await EventsApp.Eventually(() => Task.FromResult(App.Log.Of(RecordingConsumer.ConsumerName, subject).Count == 6), "the recorder saw all six");
        var feed = (await App.FeedOf(subject)).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(feed, App.Log.Of(RecordingConsumer.ConsumerName, subject).Select(c => c.EventId));
        await EventsApp.Eventually(() => Task.FromResult(feed.All(id => App.Effects(id) == 1)), "each event took effect");
        var stored = (await nats.StreamMessagesAsync()).Where(m => feed.Contains(m.EventId)).Select(m => m.EventId).ToList();
        Assert.Equal(feed, stored);
        await nats.AckedEverything(RecordingConsumer.ConsumerName);
        await nats.AckedEverything(EffectCounter);
        Assert.All(feed, id => Assert.Equal(1, App.Effects(id)));
    }

    [Fact]
    public async Task a_message_nats_delivers_again_has_no_second_effect()
    {
        var subject = HttpAssertions.Unique("sku");
        await App.AppendAsync(new NewEvent(EventTypes.StockChanged, subject, new { n = 1 }));
        await EventsApp.Eventually(async () => (await App.FeedOf(subject)).Count == 1, "the event is published");
        var eventId = (await App.FeedOf(subject))[0].GetProperty("id").GetString()!;
        await EventsApp.Eventually(() => Task.FromResult(App.Effects(eventId) == 1), "the event took effect");

        // The same message once more, as a broker that lost an ack delivers it: a new message id gets it past de-duplication.
        var original = (await nats.StreamMessagesAsync()).Single(m => m.EventId == eventId);
        await nats.JetStream.PublishAsync(NatsEventsApp.SubjectPrefix + EventTypes.StockChanged, original.Body,
            opts: new NatsJSPubOpts { MsgId = "again-" + eventId }, headers: original.Headers);
        var marker = HttpAssertions.Unique("sku");
        await App.AppendAsync(new NewEvent(EventTypes.StockChanged, marker, new { n = 2 }));
        await EventsApp.Eventually(async () => (await App.FeedOf(marker)).Count == 1, "the marker is published");
        var markerId = (await App.FeedOf(marker))[0].GetProperty("id").GetString()!;
        await EventsApp.Eventually(() => Task.FromResult(App.Effects(markerId) == 1), "the consumer has passed the copy");
        await nats.AckedEverything(EffectCounter);

        Assert.Equal(1, App.Effects(eventId));
        Assert.Single(App.Log.Of(RecordingConsumer.ConsumerName, subject));
    }

    [Fact]
    public async Task an_admin_product_change_reaches_a_consumer_through_nats()
    {
        var variant = await App.Admin().NewVariant();
        var changed = (await EventFeedSteps.EventsOf(App.Admin(), variant.ProductId, EventTypes.ProductChanged)).Single();
        var eventId = changed.GetProperty("id").GetString()!;

        await EventsApp.Eventually(() => Task.FromResult(App.Effects(eventId) == 1), "the product change took effect");
        var message = Assert.Single(await nats.StreamMessagesAsync(), m => m.EventId == eventId);
        Assert.Equal(EventTypes.ProductChanged, message.Headers["ce-type"].ToString());
        Assert.Equal(changed.GetProperty("sequence").GetString(), message.Headers["Meridian-Sequence"].ToString());
        await nats.AckedEverything(EffectCounter);
        await nats.AckedEverything("catalog-read-model");
        await (await App.Admin().GetAsync($"/v1/admin/catalog/products/{variant.ProductId}")).ShouldBe(HttpStatusCode.OK);
    }
}
