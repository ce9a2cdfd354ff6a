using System.Data.Common;
using System.Globalization;
using Meridian.Events.Data;
using Meridian.Events.Dispatch;
using Meridian.Events.Dispatch.Nats;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Meridian.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Meridian.Events.Tests;

/// <summary>
/// The events module as the Server registers it with <c>ConnectionStrings:Nats</c> set, on a real nats-server and a
/// SQLite file with the real migrations, driven by hand: a test appends through the real outbox, sequences with the
/// real dispatcher, publishes with the real publisher and receives through the real transport, one step at a time.
/// No hosted service runs, so nothing happens behind the test's back.
/// </summary>
public sealed class NatsBackbone : IAsyncLifetime
{
    public const string Region = "eu-central";
    public const string Stream = "MERIDIAN_EVENTS_EU_CENTRAL";
    public static readonly TimeSpan FallbackAfter = TimeSpan.FromSeconds(1);

    private readonly string _folder = Directory.CreateTempSubdirectory("meridian-nats-events-").FullName;
    private ServiceProvider _services = null!;
    private NatsConnection? _client;

    public NatsServer Nats { get; } = new();

    private string DatabasePath => Path.Combine(_folder, "meridian.db");

    internal NatsJetStreamTransport Transport => (NatsJetStreamTransport)_services.GetRequiredService<IEventTransport>();

    internal NatsPublisher Publisher => _services.GetRequiredService<NatsPublisher>();

    /// <summary>A client of the test's own, to look into and damage the stream as an operator or a failing broker would.</summary>
    public NatsJSContext JetStream => new(_client ??= new NatsConnection(new NatsOpts { Url = Nats.Url }));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await Nats.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Meridian"] = $"Data Source={DatabasePath}",
            ["ConnectionStrings:Nats"] = Nats.Url,
            ["Meridian:Region"] = Region,
            ["Meridian:Events:Nats:FallbackAfter"] = FallbackAfter.ToString("c", CultureInfo.InvariantCulture),
            // A killed nats-server may forget acks it had not flushed yet; it delivers those messages again after the ack wait.
            ["Meridian:Events:Nats:AckWait"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new Environment(_folder))
            .AddSingleton(TimeProvider.System);
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section));
        new EventsModule().AddServices(services, configuration);
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EventsDbContext>().Database.MigrateAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        await _services.DisposeAsync();
        await Nats.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Appends one event per subject through the real outbox in one committed transaction.</summary>
    public async Task AppendAsync(params string[] subjects)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(Ct);
        await _services.GetRequiredService<IEventOutbox>().AppendAsync(transaction,
            [.. subjects.Select(s => new NewEvent(EventTypes.StockChanged, s, new { sku = s, available = 1 }))], Ct);
        await transaction.CommitAsync(Ct);
    }

    /// <summary>Runs the dispatcher's pass, which needs its lease; returns how many events it sequenced.</summary>
    public async Task<int> SequenceAsync()
    {
        Assert.True(await _services.GetRequiredService<Leases>().TryHoldAsync(Dispatcher.LeaseNameOf(Region), Ct));
        return await _services.GetRequiredService<Dispatcher>().PublishPendingAsync(Ct);
    }

    /// <summary>Appends, sequences and publishes to NATS; returns the new events' sequences.</summary>
    public async Task<List<long>> CommitAndPublishAsync(params string[] subjects)
    {
        var before = await LastSequenceAsync();
        await AppendAsync(subjects);
        Assert.Equal(subjects.Length, await SequenceAsync());
        Assert.Equal(subjects.Length, await Publisher.PublishPendingAsync(Ct));
        return [.. Enumerable.Range(1, subjects.Length).Select(i => before + i)];
    }

    public Task<long> WatermarkAsync() => Publisher.ReadWatermarkAsync(Ct);

    public async Task SetWatermarkAsync(long sequence)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        await db.TransportCheckpoints.ExecuteUpdateAsync(s => s.SetProperty(t => t.Sequence, sequence), Ct);
    }

    public async Task<long> LastSequenceAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventsDbContext>().Outbox.MaxAsync(e => e.Sequence, Ct) ?? 0;
    }

    public async Task<List<string>> EventIdsAsync(IEnumerable<long> sequences)
    {
        var wanted = sequences.ToList();
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventsDbContext>().Outbox
            .Where(e => e.Sequence != null && wanted.Contains(e.Sequence.Value)).OrderBy(e => e.Sequence).Select(e => e.EventId).ToListAsync(Ct);
    }

    /// <summary>
    /// Plays a consumer that handles and acks each event it receives, from <paramref name="after"/>, until a receive
    /// comes back empty; returns the sequences in the order received.
    /// </summary>
    public async Task<List<long>> DrainAsync(string consumer, long after)
    {
        var seen = new List<long>();
        while (true)
        {
            var batch = await Transport.ReceiveAsync(consumer, after, 100, TimeSpan.FromMilliseconds(200), Ct);
            if (batch.Count == 0)
            {
                return seen;
            }
            foreach (var envelope in batch)
            {
                seen.Add(envelope.Sequence);
                after = envelope.Sequence;
                await Transport.AckAsync(consumer, envelope, Ct);
            }
        }
    }

    public async Task<StreamState> StreamStateAsync() => (await JetStream.GetStreamAsync(Stream, cancellationToken: Ct)).Info.State;

    public async Task<ConsumerInfo> DurableAsync(string consumer) => (await JetStream.GetConsumerAsync(Stream, consumer, Ct)).Info;

    /// <summary>
    /// Waits until the durable of <paramref name="consumer"/> has every message of the stream acked: acks are fire and
    /// forget, so the broker counts them a moment after the consumer sent them.
    /// </summary>
    public async Task AckedEverythingAsync(string consumer)
    {
        var last = (await StreamStateAsync()).LastSeq;
        await Eventually(() => DurableAsync(consumer), d => d.AckFloor!.StreamSeq == last && d.NumAckPending == 0,
            $"{consumer} has acked the stream through {last}");
    }

    /// <summary>Every message the stream holds, in stream order.</summary>
    public async Task<List<(ulong StreamSequence, NatsHeaders Headers, byte[] Body)>> StreamMessagesAsync()
    {
        var count = (int)(await StreamStateAsync()).Messages;
        var messages = new List<(ulong, NatsHeaders, byte[])>();
        if (count == 0)
        {
            return messages;
        }
        var reader = await JetStream.CreateOrderedConsumerAsync(Stream, cancellationToken: Ct);
        await foreach (var message in reader.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = count, Expires = TimeSpan.FromSeconds(5) }, cancellationToken: Ct))
        {
            messages.Add((message.Metadata!.Value.Sequence.Stream, message.Headers!, message.Data!));
        }
        return messages;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="seconds"/>.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> attempt, Func<T, bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await attempt();
            if (condition(value))
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}; last saw {value}.");
            await Task.Delay(50, Ct);
        }
    }

    private sealed class Environment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "Meridian.Events.Tests";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
