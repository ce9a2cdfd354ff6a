using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Events;

namespace Meridian.Server.Tests.Events;

/// <summary>
/// The real Server as a child process, killed (SIGKILL) at seeded random moments while admins create
/// products (each commits a product.changed.v1) and the effect-counter consumer handles every event; plus
/// events committed by a process that died before it could publish them (rows written straight into the
/// outbox while the server is down). After a last restart, the database must hold: one event per
/// committed product, every event published once with gap-free increasing sequences, and each event's
/// effect counted exactly once.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class EventCrashTests
{
    private const int Seed = 20261126;
    private const int Writers = 3;
    private const int KillCycles = 2;
    private const int InjectedPerKill = 5;
    private const string Prefix = "crash-evt-";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task killing_the_server_between_commit_publish_and_consumption_loses_no_event_and_doubles_no_effect()
    {
        var random = new Random(Seed);
        await using var database = new MeridianApp();
        await database.PrepareAsync();
        await using var server = new ChildServer(database, demoProducts: 50);
        server.Settings["Meridian:Events:EffectCounter"] = "true";
        server.Settings["Meridian:Events:LeaseDuration"] = "00:00:02";
        server.Settings["Meridian:Events:PollInterval"] = "00:00:00.050";
        var clock = Stopwatch.StartNew();
        try
        {
            await server.StartAsync(Ct);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => Write(server, w, acknowledged, stop.Token), Ct)).ToList();
            var injected = new List<string>();
            var notes = new List<string>();
            var kills = Enumerable.Range(0, KillCycles).Select(_ => TimeSpan.FromMilliseconds(random.Next(400))).ToList();
            foreach (var (delay, cycle) in kills.Select((d, i) => (d, i)))
            {
                // Each start first acknowledges a write (so events are flowing), then dies at a moment the seed chooses.
                await UntilAcknowledged(acknowledged, acknowledged.Count + 1);
                await Task.Delay(delay, Ct);
                await server.KillAsync();
                notes.Add(Snapshot(database));
                injected.AddRange(InjectCommittedButUnpublished(database, InjectedPerKill));
                if (cycle == kills.Count - 1)
                {
                    // Stopped while the server is down, so no write the writers gave up on can still commit afterwards.
                    await stop.CancelAsync();
                    await Task.WhenAll(writers);
                }
                await server.StartAsync(Ct);
            }
            var created = acknowledged.ToList();

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!Settled(database))
            {
                Assert.True(DateTime.UtcNow < deadline, $"The events did not settle (seed {Seed}): {Snapshot(database)}");
                await Task.Delay(100, Ct);
            }
            await server.KillAsync();
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Seed {Seed}: {server.Starts} starts in {clock.Elapsed}; at each kill {string.Join("; ", notes)}; {created.Count} products acknowledged.");
            Verify(database, created, injected);
        }
        finally
        {
            await server.KillAsync();
        }
    }

    /// <summary>Creates products until stopped; the ids the server acknowledged with 201 go to <paramref name="created"/>.</summary>
    private static async Task Write(ChildServer server, int writer, System.Collections.Concurrent.ConcurrentQueue<string> created, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", MeridianApp.AdminKey);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var handle = $"{Prefix}{writer}-{i}-{Guid.NewGuid():N}"[..40];
            try
            {
                var up = await server.WhenUp().WaitAsync(stop);
                using var response = await http.PostAsJsonAsync(up + "/v1/admin/catalog/products", new
                {
                    handle,
                    title = "Crash linen shirt",
                    status = "published",
                    category = "shirts",
                    variants = new[] { new { sku = handle.ToUpperInvariant(), title = "M", prices = new[] { new { amount = 1000, currency = "EUR" } }, weightGrams = 300 } },
                }, HttpAssertions.Json, stop);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(HttpAssertions.Json, stop);
                    created.Enqueue(body.GetProperty("id").GetString()!);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
            {
                // The server died under the request (or the test is stopping): carry on once it is back.
            }
        }
    }

    /// <summary>Outbox rows a producer committed before its process died: unpublished, as the dispatcher will find them.</summary>
    private static List<string> InjectCommittedButUnpublished(MeridianApp database, int count)
    {
        using var db = database.OpenDatabase();
        var subjects = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var subject = $"crash-injected-{Guid.NewGuid():N}";
            Database.Execute(db,
                """INSERT INTO events_outbox ("EventId", "Type", "Source", "Subject", "Time", "Data") VALUES (@id, @type, '/meridian/eu-central', @subject, 0, '{}')""",
                ("@id", Ids.New("evt")), ("@type", EventTypes.StockChanged), ("@subject", subject));
            subjects.Add(subject);
        }
        return subjects;
    }

    private static string Snapshot(MeridianApp database)
    {
        using var db = database.OpenDatabase();
        var row = Database.Query(db,
            """SELECT (SELECT COUNT(*) FROM events_outbox), (SELECT COUNT(*) FROM events_outbox WHERE "Sequence" IS NULL), (SELECT COUNT(*) FROM events_effect_counts)""")[0];
        return $"{row[0]} events, {row[1]} unpublished, {row[2]} consumed";
    }

    /// <summary>Whether every event is published and the effect counter has dealt with all of them.</summary>
    private static bool Settled(MeridianApp database)
    {
        using var db = database.OpenDatabase();
        var row = Database.Query(db,
            """
            SELECT (SELECT COUNT(*) FROM events_outbox WHERE "Sequence" IS NULL), (SELECT COALESCE(MAX("Sequence"), 0) FROM events_outbox),
                   (SELECT COALESCE(MAX("Sequence"), 0) FROM events_checkpoints WHERE "Consumer" = 'effect-counter')
            """)[0];
        return Number(row[0]) == 0 && Number(row[1]) == Number(row[2]);
    }

    private static long Number(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private async Task UntilAcknowledged(System.Collections.Concurrent.ConcurrentQueue<string> acknowledged, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (acknowledged.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The server acknowledged only {acknowledged.Count} of {count} products (seed {Seed}).");
            await Task.Delay(20, Ct);
        }
    }

    private static void Verify(MeridianApp database, List<string> acknowledged, List<string> injected)
    {
        using var db = database.OpenDatabase();
        var failures = new List<string>();
        var events = Database.Query(db,
                """SELECT o."EventId", o."Subject", o."Type", o."Sequence", e."Effects" FROM events_outbox o LEFT JOIN events_effect_counts e ON e."EventId" = o."EventId" ORDER BY o."Sequence" """)
            .Select(r => (Id: (string)r[0]!, Subject: (string)r[1]!, Type: (string)r[2]!, Sequence: r[3] is null ? (long?)null : Number(r[3]), Effects: r[4] is null ? (long?)null : Number(r[4])))
            .ToList();

        var sequences = events.Select(e => e.Sequence ?? 0).ToList();
        if (!sequences.SequenceEqual(Enumerable.Range(1, events.Count).Select(i => (long)i)))
        {
            failures.Add($"Sequences are not 1..{events.Count} without gaps: {string.Join(",", sequences.Take(50))}…");
        }
        foreach (var e in events.Where(e => e.Effects != 1))
        {
            failures.Add($"Event {e.Type} {e.Id} (sequence {e.Sequence}) took effect {e.Effects ?? 0} times.");
        }
        foreach (var orphan in Database.Query(db, """SELECT "EventId" FROM events_effect_counts WHERE "EventId" NOT IN (SELECT "EventId" FROM events_outbox)"""))
        {
            failures.Add($"An effect was counted for {orphan[0]}, which is no event.");
        }

        var products = Database.Query(db, $"""SELECT "Id" FROM catalog_products WHERE "Handle" LIKE '{Prefix}%'""").Select(r => (string)r[0]!).ToHashSet();
        var changed = events.Where(e => e.Type == EventTypes.ProductChanged).GroupBy(e => e.Subject).ToDictionary(g => g.Key, g => g.Count());
        foreach (var product in products.Where(p => changed.GetValueOrDefault(p) != 1))
        {
            failures.Add($"Committed product {product} has {changed.GetValueOrDefault(product)} product.changed.v1 events.");
        }
        foreach (var subject in changed.Keys.Where(s => s.StartsWith("prod_", StringComparison.Ordinal) && !products.Contains(s)))
        {
            failures.Add($"product.changed.v1 for {subject}, a product that never committed.");
        }
        foreach (var id in acknowledged.Where(id => !products.Contains(id)))
        {
            failures.Add($"Product {id} was acknowledged but is not in the database.");
        }
        foreach (var subject in injected.Where(s => events.Count(e => e.Subject == s) != 1))
        {
            failures.Add($"The committed-but-unpublished event of {subject} is not in the log exactly once.");
        }

        Assert.True(failures.Count == 0, $"Seed {Seed}, {events.Count} events, {products.Count} products:\n" + string.Join('\n', failures.Take(40)));
        Assert.True(acknowledged.Count > 0 && injected.Count == KillCycles * InjectedPerKill, $"Seed {Seed}: the test exercised nothing ({acknowledged.Count} products acknowledged).");
    }

}
