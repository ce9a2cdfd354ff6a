using System.Text;
using Meridian.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Meridian.Server.Tests.Events;

/// <summary>
/// <see cref="EventsApp"/> with <c>ConnectionStrings:Nats</c> pointing at a real nats-server of its own, and a client
/// of the test's own to look into the region's stream. Consumers fall back to the database log after a second, and
/// NATS redelivers an unacked message after two.
/// </summary>
public sealed class NatsEventsApp : IAsyncLifetime
{
    public const string Stream = "MERIDIAN_EVENTS_EU_CENTRAL";
    public const string SubjectPrefix = "meridian.eu-central.events.";

    private NatsConnection? _client;

    public NatsEventsApp()
    {
        Events = new EventsApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nats"] = Nats.Url,
            ["Meridian:Events:Nats:FallbackAfter"] = "00:00:01",
            // A killed nats-server may forget acks it had not flushed yet; it delivers those messages again after the ack wait.
            ["Meridian:Events:Nats:AckWait"] = "00:00:02",
        });
    }

    public NatsServer Nats { get; } = new();

    public EventsApp Events { get; }

    public NatsJSContext JetStream => new(_client ??= new NatsConnection(new NatsOpts { Url = Nats.Url, HeaderEncoding = Encoding.UTF8 }));

    public async ValueTask InitializeAsync()
    {
        await Nats.InitializeAsync();
        await Events.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Events.DisposeAsync();
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        await Nats.DisposeAsync();
    }

    /// <summary>The publisher's watermark: every event up to it is stored in the stream.</summary>
    public long Watermark() => Events.Scalar("""SELECT COALESCE(MAX("Sequence"), 0) FROM events_transport_checkpoints WHERE "Transport" = @p""", "nats:" + Stream);

    public long LastSequence() => Events.Scalar("""SELECT COALESCE(MAX("Sequence"), 0) FROM events_outbox""");

    /// <summary>Every message the stream holds, in stream order.</summary>
    public async Task<List<(ulong StreamSequence, string EventId, NatsHeaders Headers, byte[] Body)>> StreamMessagesAsync()
    {
        var stream = await JetStream.GetStreamAsync(Stream);
        var messages = new List<(ulong, string, NatsHeaders, byte[])>();
        var count = (int)stream.Info.State.Messages;
        if (count == 0)
        {
            return messages;
        }
        var reader = await JetStream.CreateOrderedConsumerAsync(Stream);
        await foreach (var message in reader.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = count, Expires = TimeSpan.FromSeconds(5) }))
        {
            messages.Add((message.Metadata!.Value.Sequence.Stream, message.Headers!["Nats-Msg-Id"].ToString(), message.Headers!, message.Data!));
        }
        return messages;
    }

    /// <summary>Waits until <paramref name="consumer"/>'s durable has acked every message the stream holds, and none is pending.</summary>
    public async Task AckedEverything(string consumer)
    {
        var seen = "";
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var last = (await JetStream.GetStreamAsync(Stream)).Info.State.LastSeq;
            var durable = (await JetStream.GetConsumerAsync(Stream, consumer)).Info;
            if (durable.AckFloor!.StreamSeq == last && durable.NumAckPending == 0)
            {
                return;
            }
            seen = $"stream through {last}, acked through {durable.AckFloor.StreamSeq}, {durable.NumAckPending} pending, {durable.NumPending} not delivered";
            Assert.True(DateTime.UtcNow < deadline, $"{consumer} has not acked everything in the stream through NATS: {seen}.");
            await Task.Delay(50);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class NatsEventsCollection : ICollectionFixture<NatsEventsApp>
{
    public const string Name = "nats-events";
}
