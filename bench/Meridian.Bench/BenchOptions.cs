using System.Globalization;

namespace Meridian.Bench;

/// <summary>The command line of a benchmark run; every option has a default that <c>bench/run.sh</c> relies on.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Meridian.Bench: catalog search and product detail against a bare Kestrel baseline, in one run.

          --products N        demo products to seed (default 100000)
          --workers N         concurrent connections, one request in flight each (default 16)
          --warmup S          seconds of warm-up per scenario, not counted (default 3)
          --duration S        measured seconds per scenario (default 10)
          --queries N         distinct search queries in the rotation (default 50)
          --scenarios LIST    comma-separated: baseline, search, detail, the diagnostic variants
                              search-no-facets, search-no-text, search-no-filters, search-bare, and
                              the write paths add-to-cart, checkout, checkout-sqlite (they write carts and
                              orders and use up demo stock, so they are not in the default set and run
                              last whatever the order given; checkout brings checkout-sqlite along);
                              'all' runs the read scenarios, 'writes' the write paths
                              (default baseline,search,detail)
          --db PATH           SQLite file to seed once and reuse (default $TMPDIR/meridian-bench/bench-<products>.db)
          --fresh             delete the database first and seed again
          --server-dll PATH   the Server to measure (default src/Meridian.Server/bin/Release/net10.0/Meridian.Server.dll)
          --out PATH          the report (default bench/results/latest.md)
          --ready-timeout S   seconds to wait for /health/ready, seeding included (default 600)
        """;

    public static readonly string[] CoreScenarios = ["baseline", "search", "detail"];
    public static readonly string[] AllScenarios = ["baseline", "search", "detail", "search-no-facets", "search-no-text", "search-no-filters", "search-bare"];
    public static readonly string[] WriteScenarios = ["add-to-cart", "checkout-sqlite", "checkout"];

    public int Products { get; init; } = 100_000;
    public int Workers { get; init; } = 16;
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int Queries { get; init; } = 50;
    public IReadOnlyList<string> Scenarios { get; init; } = CoreScenarios;
    public string? Database { get; init; }
    public bool Fresh { get; init; }
    public string? ServerDll { get; init; }
    public string? Output { get; init; }
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(600);

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
                "--scenarios" => options with { Scenarios = ParseScenarios(Value()) },
                "--db" => options with { Database = Path.GetFullPath(Value()) },
                "--fresh" => options with { Fresh = true },
                "--server-dll" => options with { ServerDll = Path.GetFullPath(Value()) },
                "--out" => options with { Output = Path.GetFullPath(Value()) },
                "--ready-timeout" => options with { ReadyTimeout = TimeSpan.FromSeconds(Number()) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return options;
    }

    private static string[] ParseScenarios(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(n => n switch { "all" => AllScenarios, "writes" => WriteScenarios, _ => [n] }).Distinct().ToList();
        var unknown = names.Except(AllScenarios).Except(WriteScenarios).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario {string.Join(", ", unknown)}. Known: {string.Join(", ", AllScenarios.Concat(WriteScenarios))}, all, writes.");
        }
        if (names.Contains("checkout") && !names.Contains("checkout-sqlite"))
        {
            names.Add("checkout-sqlite");
        }
        // Reads first, then the writes (which change the data the reads see), the SQLite baseline just before checkout.
        return [.. names.Where(n => !WriteScenarios.Contains(n)), .. WriteScenarios.Where(names.Contains)];
    }
}
