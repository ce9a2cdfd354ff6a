using System.Globalization;

namespace Meridian.Bench;

/// <summary>The command line of a benchmark run; every option has a default that <c>bench/run.sh</c> relies on.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Meridian.Bench: catalog search and product detail against a bare Kestrel baseline, in one run.

          --profile NAME      embedded (default: SQLite, events in the database) or production (PostgreSQL, Redis
                              and NATS JetStream, started by the bench on free loopback ports; the cluster and the
                              NATS store are kept in $TMPDIR/meridian-bench/production-<products>/ and reused)
          --products N        demo products to seed (default 100000)
          --workers N         concurrent connections, one request in flight each (default 16)
          --warmup S          seconds of warm-up per scenario, not counted (default 3)
          --duration S        measured seconds per scenario (default 10)
          --queries N         distinct search queries in the rotation (default 50)
          --scenarios LIST    comma-separated: baseline, search, detail, the diagnostic variants
                              search-no-facets, search-no-text, search-no-filters, search-bare, and
                              the write paths add-to-cart, checkout, checkout-sqlite, checkout-pgbench (they
                              write carts and orders and use up demo stock, so they are not in the default set
                              and run last whatever the order given; checkout brings its profile's baseline
                              along: checkout-sqlite embedded, checkout-pgbench on production), and event
                              delivery: webhooks (product updates through the admin API, delivered by the
                              Server to a receiver in the bench) and webhooks-httpclient (its baseline: an
                              HttpClient POST loop to the same receiver; either brings the other along);
                              'all' runs the read scenarios, 'writes' the write paths, 'events' both webhook
                              scenarios (default baseline,search,detail)
          --event-rate N      events/s of the paced phase of webhooks and webhooks-httpclient (default: half
                              the rate the Server delivered in the saturated phase)
          --db PATH           SQLite file to seed once and reuse (default $TMPDIR/meridian-bench/bench-<products>.db)
          --fresh             delete the database first and seed again
          --server-arg K=V    one more setting for the Server (repeatable), e.g. a log level to see what a
                              request does: Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information
                              (the Server's output is written to $TMPDIR/meridian-bench/server.log)
          --server-dll PATH   the Server to measure (default src/Meridian.Server/bin/Release/net10.0/Meridian.Server.dll)
          --out PATH          the report (default bench/results/latest.md)
          --ready-timeout S   seconds to wait for /health/ready, seeding included (default 900: seeding
                              100,000 products into PostgreSQL took ~6 min on the shared machine)
        """;

    public static readonly string[] CoreScenarios = ["baseline", "search", "detail"];
    public static readonly string[] AllScenarios = ["baseline", "search", "detail", "search-no-facets", "search-no-text", "search-no-filters", "search-bare"];
    public static readonly string[] WriteScenarios = ["add-to-cart", "checkout-sqlite", "checkout-pgbench", "checkout"];
    public static readonly string[] EventScenarios = ["webhooks", "webhooks-httpclient"];

    /// <summary>Where the Server under test keeps its data: the embedded default or the production profile.</summary>
    public string Profile { get; init; } = "embedded";

    public bool Production => Profile == "production";

    /// <summary>The paced phase's rate of the webhook scenarios; null derives it from the saturated phase.</summary>
    public int? EventRate { get; init; }

    public int Products { get; init; } = 100_000;
    public int Workers { get; init; } = 16;
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int Queries { get; init; } = 50;
    public IReadOnlyList<string> Scenarios { get; init; } = CoreScenarios;
    public string? Database { get; init; }
    public bool Fresh { get; init; }
    public string? ServerDll { get; init; }
    public IReadOnlyList<string> ServerArguments { get; init; } = [];
    public string? Output { get; init; }
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(900);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture) is var n and > 0 ? n : throw new ArgumentException($"{name} must be positive.");
            options = name switch
            {
                "--products" => options with { Products = Number() },
                "--workers" => options with { Workers = Number() },
                "--warmup" => options with { WarmUp = TimeSpan.FromSeconds(Number()) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Number()) },
                "--queries" => options with { Queries = Number() },
                "--scenarios" => options with { Scenarios = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--profile" => options with { Profile = Value() is var p && p is "embedded" or "production" ? p : throw new ArgumentException("--profile is embedded or production.") },
                "--event-rate" => options with { EventRate = Number() },
                "--db" => options with { Database = Path.GetFullPath(Value()) },
                "--fresh" => options with { Fresh = true },
                "--server-dll" => options with { ServerDll = Path.GetFullPath(Value()) },
                "--server-arg" => options with { ServerArguments = [.. options.ServerArguments, .. ServerArgument(Value())] },
                "--out" => options with { Output = Path.GetFullPath(Value()) },
                "--ready-timeout" => options with { ReadyTimeout = TimeSpan.FromSeconds(Number()) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        // The scenarios are resolved once the profile is known: 'writes' and checkout name the profile's checkout baseline.
        return options with { Scenarios = ParseScenarios(options.Scenarios, options.Production) };
    }

    private static string[] ServerArgument(string value) =>
        value.IndexOf('=', StringComparison.Ordinal) is var at and > 0
            ? ["--" + value[..at], value[(at + 1)..]]
            : throw new ArgumentException("--server-arg takes KEY=VALUE, e.g. Meridian:Webhooks:Concurrency=8.");

    private static string[] ParseScenarios(IEnumerable<string> given, bool production)
    {
        var checkoutBaseline = production ? "checkout-pgbench" : "checkout-sqlite";
        var writes = WriteScenarios.Where(n => n is not ("checkout-sqlite" or "checkout-pgbench") || n == checkoutBaseline).ToArray();
        var names = given
            .SelectMany(n => n switch { "all" => AllScenarios, "writes" => writes, "events" => EventScenarios, _ => [n] }).Distinct().ToList();
        var unknown = names.Except(AllScenarios).Except(WriteScenarios).Except(EventScenarios).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario {string.Join(", ", unknown)}. Known: {string.Join(", ", AllScenarios.Concat(WriteScenarios).Concat(EventScenarios))}, all, writes, events.");
        }
        if (names.Contains("checkout-pgbench") && !production)
        {
            throw new ArgumentException("checkout-pgbench needs --profile production (it runs on the profile's PostgreSQL).");
        }
        if (names.Contains("checkout") && !names.Contains(checkoutBaseline))
        {
            names.Add(checkoutBaseline);
        }
        if (names.Intersect(EventScenarios).Any())
        {
            // One is the other's baseline, and the baseline's body and paced rate come from the Server's run.
            names.AddRange(EventScenarios.Except(names));
        }
        // Reads first, then the writes (which change the data the reads see), the database baseline just before checkout,
        // then event delivery (its product updates would otherwise refresh the index under the reads).
        return [.. names.Where(n => !WriteScenarios.Contains(n) && !EventScenarios.Contains(n)), .. WriteScenarios.Where(names.Contains), .. EventScenarios.Where(names.Contains)];
    }
}
