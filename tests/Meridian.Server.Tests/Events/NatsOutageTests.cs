using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Events;

namespace Meridian.Server.Tests.Events;

/// <summary>An outage drill: its own Server and nats-server, because the test stops NATS.</summary>
public sealed class NatsOutageTests : IAsyncLifetime
{
    private const string EffectCounter = "effect-counter";

    private readonly NatsEventsApp _nats = new();

    private EventsApp App => _nats.Events;

    public ValueTask InitializeAsync() => _nats.InitializeAsync();

    public ValueTask DisposeAsync() => _nats.DisposeAsync();

    private async Task<List<string>> CommitAsync(string subject, int count)
    {
        await App.AppendAsync([.. Enumerable.Range(0, count).Select(n => new NewEvent(EventTypes.StockChanged, subject, new { n }))]);
        await EventsApp.Eventually(async () => (await App.FeedOf(subject)).Count == count, $"the events of {subject} are sequenced");
        var ids = (await App.FeedOf(subject)).Select(e => e.GetProperty("id").GetString()!).ToList();
        await EventsApp.Eventually(() => Task.FromResult(ids.All(id => App.Effects(id) == 1) && App.Log.Of(RecordingConsumer.ConsumerName, subject).Count == count),
            $"the events of {subject} took effect", seconds: 20);
        return ids;
    }

    [Fact]
    public async Task with_nats_stopped_committed_events_are_delivered_once_and_publishing_resumes_from_the_watermark_when_it_returns()
    {
        var before = await CommitAsync(HttpAssertions.Unique("before"), 3);
        await _nats.AckedEverything(EffectCounter);

        await _nats.Nats.StopAsync();
        var duringSubject = HttpAssertions.Unique("during");
        var during = await CommitAsync(duringSubject, 4);
        // Delivered from the database log: NATS never stored them, and the watermark still stops before them.
        Assert.True(_nats.Watermark() < _nats.LastSequence(), $"Watermark {_nats.Watermark()}, last sequence {_nats.LastSequence()}.");
        Assert.Equal(during, App.Log.Of(RecordingConsumer.ConsumerName, duringSubject).Select(c => c.EventId));

        await _nats.Nats.StartAsync();
        await EventsApp.Eventually(() => Task.FromResult(_nats.Watermark() == _nats.LastSequence()), "the publisher caught up from its watermark", seconds: 20);
        var stored = (await _nats.StreamMessagesAsync()).Select(m => m.EventId).ToList();
        Assert.All(before.Concat(during), id => Assert.Single(stored, id));

        var afterSubject = HttpAssertions.Unique("after");
        var after = await CommitAsync(afterSubject, 2);
        await _nats.AckedEverything(EffectCounter);
        await _nats.AckedEverything(RecordingConsumer.ConsumerName);
        Assert.All(before.Concat(during).Concat(after), id => Assert.Equal(1, App.Effects(id)));
        Assert.Equal(after, App.Log.Of(RecordingConsumer.ConsumerName, afterSubject).Select(c => c.EventId));
        Assert.Equal(during, App.Log.Of(RecordingConsumer.ConsumerName, duringSubject).Select(c => c.EventId));
    }
}
