using System.Globalization;
using Meridian.Events.Dispatch.Nats;
using Meridian.SharedKernel.Events;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Meridian.Events.Tests;

/// <summary>The NATS transport on a real nats-server of its own per test, with the database log as the authority.</summary>
public sealed class NatsTransportTests : IAsyncLifetime
{
    private const string Consumer = "nats-test-consumer";

    private readonly NatsBackbone _backbone = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _backbone.InitializeAsync();
        // The watermark of a new stream starts at the end of the log: take it before the tests append.
        Assert.Equal(0, await _backbone.WatermarkAsync());
    }

    public ValueTask DisposeAsync() => _backbone.DisposeAsync();

    [Fact]
    public async Task publishing_the_same_events_twice_stores_each_once_with_its_id_sequence_and_cloud_event()
    {
        var sequences = await _backbone.CommitAndPublishAsync("sku-a", "sku-b", "sku-c");
        Assert.Equal(3, await _backbone.WatermarkAsync());

        // As after a crash between the PubAck and the watermark's update: the same events go again.
        await _backbone.SetWatermarkAsync(0);
        Assert.Equal(3, await _backbone.Publisher.PublishPendingAsync(Ct));

        Assert.Equal(3, await _backbone.WatermarkAsync());
        Assert.Equal(3L, (await _backbone.StreamStateAsync()).Messages);
        var ids = await _backbone.EventIdsAsync(sequences);
        var messages = await _backbone.StreamMessagesAsync();
        Assert.Equal(ids, messages.Select(m => m.Headers["Nats-Msg-Id"].ToString()));
        Assert.Equal(sequences.Select(s => s.ToString(CultureInfo.InvariantCulture)), messages.Select(m => m.Headers[NatsEventMessage.SequenceHeader].ToString()));
        Assert.All(messages, m => Assert.Equal(EventTypes.StockChanged, m.Headers["ce-type"].ToString()));
        var first = EventEnvelope.FromCloudEventJson(messages[0].Body);
        Assert.Equal((ids[0], sequences[0], "sku-a"), (first.Id, first.Sequence, first.Subject));
    }

    [Fact]
    public async Task a_consumer_receives_every_event_in_sequence_order_through_nats_and_a_message_delivered_again_is_dropped()
    {
        await _backbone.DrainAsync(Consumer, after: 0);
        var sequences = await _backbone.CommitAndPublishAsync("sku-1", "sku-2");
        sequences.AddRange(await _backbone.CommitAndPublishAsync("sku-3", "sku-4", "sku-5"));

        Assert.Equal(sequences, await _backbone.DrainAsync(Consumer, after: 0));
        // Acked on NATS, so delivered by NATS: the database fallback never touches the durable.
        await _backbone.AckedEverythingAsync(Consumer);

        // The broker hands over event 3 again (a redelivery after a lost ack, say): at or below the checkpoint it has no effect.
        var third = (await _backbone.StreamMessagesAsync())[2];
        await _backbone.JetStream.PublishAsync("meridian.eu-central.events." + EventTypes.StockChanged, third.Body,
            opts: new NatsJSPubOpts { MsgId = "redelivery-of-3" }, headers: third.Headers, cancellationToken: Ct);
        Assert.Empty(await _backbone.DrainAsync(Consumer, after: sequences[^1]));
        await _backbone.AckedEverythingAsync(Consumer);
    }

    [Fact]
    public async Task a_gap_in_what_nats_delivers_is_filled_from_the_database_log_in_sequence_order()
    {
        await _backbone.DrainAsync(Consumer, after: 0);
        var sequences = await _backbone.CommitAndPublishAsync("sku-1", "sku-2", "sku-3", "sku-4", "sku-5", "sku-6");
        // The broker loses events 2 to 4.
        foreach (var lost in (await _backbone.StreamMessagesAsync()).Skip(1).Take(3))
        {
            await _backbone.JetStream.DeleteMessageAsync(NatsBackbone.Stream, new StreamMsgDeleteRequest { Seq = lost.StreamSequence }, Ct);
        }
        Assert.Equal(3L, (await _backbone.StreamStateAsync()).Messages);

        Assert.Equal(sequences, await _backbone.DrainAsync(Consumer, after: 0));
    }

    [Fact]
    public async Task events_a_purged_stream_lost_are_read_from_the_database_log()
    {
        await _backbone.DrainAsync(Consumer, after: 0);
        var sequences = await _backbone.CommitAndPublishAsync("sku-1", "sku-2", "sku-3");
        await _backbone.JetStream.PurgeStreamAsync(NatsBackbone.Stream, new StreamPurgeRequest(), Ct);

        Assert.Equal(sequences, await _backbone.DrainAsync(Consumer, after: 0));

        // And NATS carries on with what comes next.
        var next = await _backbone.CommitAndPublishAsync("sku-4");
        Assert.Equal(next, await _backbone.DrainAsync(Consumer, after: sequences[^1]));
        await _backbone.AckedEverythingAsync(Consumer);
    }

    [Fact]
    public async Task with_nats_down_sequencing_goes_on_the_watermark_stays_and_publishing_resumes_from_it_when_nats_returns()
    {
        await _backbone.CommitAndPublishAsync("sku-1", "sku-2");
        await _backbone.Nats.StopAsync();

        await _backbone.AppendAsync("sku-3", "sku-4", "sku-5");
        Assert.Equal(3, await _backbone.SequenceAsync().WaitAsync(TimeSpan.FromSeconds(5), Ct));
        // Bounded: a publish to a NATS that does not answer fails within its timeout instead of hanging.
        Assert.Equal(0, await _backbone.Publisher.PublishPendingAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(2, await _backbone.WatermarkAsync());

        await _backbone.Nats.StartAsync();
        await NatsBackbone.Eventually(() => _backbone.Publisher.PublishPendingAsync(Ct), published => published == 3, "the three events are republished");
        Assert.Equal(5, await _backbone.WatermarkAsync());
        Assert.Equal(5L, (await _backbone.StreamStateAsync()).Messages);
        Assert.Equal(await _backbone.EventIdsAsync([1, 2, 3, 4, 5]), (await _backbone.StreamMessagesAsync()).Select(m => m.Headers["Nats-Msg-Id"].ToString()));
    }

    [Fact]
    public async Task with_nats_down_a_consumer_reads_the_database_log_after_the_fallback_delay_and_goes_back_to_nats_when_it_answers()
    {
        await _backbone.DrainAsync(Consumer, after: 0);
        var before = await _backbone.CommitAndPublishAsync("sku-1", "sku-2");
        Assert.Equal(before, await _backbone.DrainAsync(Consumer, after: 0));
        await _backbone.Nats.StopAsync();
        await _backbone.AppendAsync("sku-3", "sku-4");
        await _backbone.SequenceAsync();

        var stopped = DateTime.UtcNow;
        var during = await NatsBackbone.Eventually(() => _backbone.DrainAsync(Consumer, after: 2), seen => seen.Count > 0, "the consumer reads the database log");
        Assert.Equal([3L, 4L], during);
        Assert.True(DateTime.UtcNow - stopped >= NatsBackbone.FallbackAfter, "The consumer gave up on NATS before its fallback delay.");

        await _backbone.Nats.StartAsync();
        await NatsBackbone.Eventually(() => _backbone.Publisher.PublishPendingAsync(Ct), published => published == 2, "NATS has the events of the outage");
        var after = await _backbone.CommitAndPublishAsync("sku-5");
        var lastInStream = (await _backbone.StreamStateAsync()).LastSeq;
        var seen = new List<long>();
        await NatsBackbone.Eventually(async () =>
        {
            seen.AddRange(await _backbone.DrainAsync(Consumer, after: seen.Count > 0 ? seen[^1] : 4));
            return (await _backbone.DurableAsync(Consumer)).AckFloor!.StreamSeq;
        }, ackFloor => ackFloor == lastInStream, "the consumer is back on NATS and has acked everything in the stream");
        Assert.Equal(after, seen);
    }
}
