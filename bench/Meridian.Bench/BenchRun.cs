using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meridian.Bench;

/// <summary>Settings the Server is started with that the report names.</summary>
internal static class BenchRunSettings
{
    /// <summary>How often the delivery worker looks for due deliveries in the event scenarios (the default is 1 s).</summary>
    public const string EventPollInterval = "00:00:00.050";
}

/// <summary>
/// One benchmark run: start the Server (seeding once), gather the workload, start the baseline with a
/// body the size of a real search answer, run every scenario one after the other at the same
/// concurrency, read the Server's memory, and write the report.
/// </summary>
internal static partial class BenchRun
{
    private const string PublishableKey = "pk_demo_meridian_web_0000000000";
    private const string AdminKey = "sk_demo_meridian_admin_0000000000000000";
    private const int QuerySeed = 20261125;
    private const int MaxDetailTargets = 200;

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var root = RepositoryRoot();
        var serverDll = options.ServerDll ?? Path.Combine(root, "src", "Meridian.Server", "bin", "Release", "net10.0", "Meridian.Server.dll");
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"No Server at {serverDll}: build it first (dotnet build src/Meridian.Server -c Release).");
        }
        var benchFolder = Path.Combine(Path.GetTempPath(), "meridian-bench");
        Directory.CreateDirectory(benchFolder);
        var context = new RunContext(options, Machine.Describe());
        var serverArguments = new List<string> { serverDll, "--environment", "Development", "--Meridian:DemoProducts", options.Products.ToString(CultureInfo.InvariantCulture) };
        ProductionStack? stack = null;
        string seedNote;
        if (options.Production)
        {
            // The cluster, the NATS store and the Server's data folder are kept per catalog size, like the SQLite file.
            var folder = Path.Combine(benchFolder, $"production-{options.Products}");
            Log($"Production profile: starting PostgreSQL, redis-server and nats-server ({folder})");
            stack = await ProductionStack.StartAsync(folder, options.Fresh);
            seedNote = Path.Combine(folder, "seeded");
            if (!stack.Reused)
            {
                File.Delete(seedNote);
            }
            context.Database = $"PostgreSQL database {ProductionStack.Database} on 127.0.0.1:{stack.PostgresPort} (cluster in {folder}/postgres)";
            context.Reused = stack.Reused;
            context.Services = $"PostgreSQL {Path.GetFileName(Path.GetDirectoryName(ProductionStack.PostgresBin))} (127.0.0.1:{stack.PostgresPort}; fsync and synchronous_commit on, its defaults), " +
                $"redis-server ({stack.RedisConnectionString}; append-only file, everysec), nats-server -js ({stack.NatsUrl}), all started by the bench on free loopback ports";
            serverArguments.AddRange(
            [
                "--Meridian:Database:Provider", "postgres", "--ConnectionStrings:Meridian", stack.ServerConnectionString,
                "--ConnectionStrings:Redis", stack.RedisConnectionString, "--ConnectionStrings:Nats", stack.NatsUrl,
                "--Meridian:DataFolder", stack.ServerDataFolder,
            ]);
        }
        else
        {
            var database = options.Database ?? Path.Combine(benchFolder, $"bench-{options.Products}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(database)!);
            seedNote = database + ".seeded";
            if (options.Fresh)
            {
                foreach (var file in new[] { database, database + "-wal", database + "-shm", seedNote })
                {
                    File.Delete(file);
                }
            }
            context.Database = database;
            context.Reused = File.Exists(database);
            serverArguments.AddRange(["--ConnectionStrings:Meridian", $"Data Source={database}"]);
        }
        if (options.Scenarios.Any(BenchOptions.EventScenarios.Contains))
        {
            // Only for the event scenarios: a receiver on loopback, a short poll for due deliveries, and as many
            // deliveries in flight as the baseline has requests (the default is 8).
            serverArguments.AddRange(
            [
                "--Meridian:Webhooks:AllowLoopback", "true", "--Meridian:Webhooks:PollInterval", BenchRunSettings.EventPollInterval,
                "--Meridian:Webhooks:Concurrency", options.Workers.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        serverArguments.AddRange(options.ServerArguments);
        await using var services = stack;
        Log($"Server: {serverDll}");
        Log(context.Reused ? $"Reusing the seeded database {context.Database}" : $"Seeding {options.Products:N0} products into {context.Database} (once; later runs reuse it)");
        var serverPort = ChildServer.FreePort();
        serverArguments.AddRange(["--urls", $"http://127.0.0.1:{serverPort}"]);
        var started = Stopwatch.StartNew();
        await using var server = ChildServer.Start("Meridian.Server", "dotnet", serverArguments, Path.GetDirectoryName(serverDll)!, serverPort,
            logPath: Path.Combine(benchFolder, "server.log"));
        await server.WaitUntilReadyAsync(options.ReadyTimeout);
        context.SecondsToReady = started.Elapsed.TotalSeconds;
        ReadStartupLog(server, context, seedNote);
        context.ServerAtReady = server.ReadMemory();
        Log($"Server ready on port {serverPort} in {context.SecondsToReady:0.0} s");

        using var probe = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        probe.DefaultRequestHeaders.Add("X-Api-Key", PublishableKey);
        var queries = Workload.SearchQueries(options.Queries, QuerySeed);
        var (bodies, details) = await ProbeAsync(probe, queries, context);
        Log($"Probed {queries.Count} queries: median total {context.MedianTotal}, {context.EmptyQueries} empty; {details.Count} products for the detail scenario");

        // The baseline answers with a real search answer of median size, so both move the same bytes.
        var baselineBody = bodies.OrderBy(b => b.Length).ElementAt(bodies.Count / 2);
        var bodyFile = Path.Combine(benchFolder, "baseline-body.json");
        await File.WriteAllBytesAsync(bodyFile, baselineBody);
        context.BaselineBodyBytes = baselineBody.Length;
        var baselinePort = ChildServer.FreePort();
        var (host, baselineArgs) = BaselineServer.CommandLine(baselinePort, bodyFile);
        await using var baseline = ChildServer.Start("baseline", host, baselineArgs, AppContext.BaseDirectory, baselinePort,
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" });
        await baseline.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));

        var load = new LoadGenerator(options.Workers, options.WarmUp, options.Duration, PublishableKey);
        var scenarios = options.Scenarios.Contains("baseline") ? options.Scenarios : ["baseline", .. options.Scenarios];
        foreach (var name in scenarios.Where(n => !BenchOptions.WriteScenarios.Contains(n) && !BenchOptions.EventScenarios.Contains(n)))
        {
            var (description, urls) = name switch
            {
                "baseline" => ($"bare Kestrel, fixed {baselineBody.Length:N0}-byte JSON body",
                    Urls(baseline.BaseUri, [BaselineServer.Route.TrimStart('/')])),
                "search" => ("q + category + brand + attr.color, 5 facets, 20 per page",
                    Urls(server.BaseUri, queries.Select(q => q.PathAndQuery()))),
                "detail" => ($"GET /v1/catalog/products/{{idOrHandle}} over {details.Count} products",
                    Urls(server.BaseUri, details)),
                "search-no-facets" => ("as search, without facets", Urls(server.BaseUri, queries.Select(q => q.PathAndQuery(facets: false)))),
                "search-no-text" => ("as search, without q", Urls(server.BaseUri, queries.Select(q => q.PathAndQuery(text: false)))),
                "search-no-filters" => ("as search, without the three filters", Urls(server.BaseUri, queries.Select(q => q.PathAndQuery(filters: false)))),
                _ => ("no q, no filters, no facets: the first page of everything", Urls(server.BaseUri, [new Workload.SearchQuery("", "", "", "").PathAndQuery(false, false, false)])),
            };
            Log($"Running {name}: {options.WarmUp.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s, {options.Workers} workers");
            var result = await load.RunAsync(name, description, urls) with { LoadAverage = Machine.LoadAverage() };
            context.Results.Add(result);
            Log($"  {result.RequestsPerSecond:N0} requests/s, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms, {result.Errors} errors");
        }

        await RunWritesAsync(options, context, probe, server.BaseUri, details, benchFolder, stack);

        if (options.Scenarios.Any(BenchOptions.EventScenarios.Contains))
        {
            Log($"Running webhooks and webhooks-httpclient: saturated and paced, {options.WarmUp.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s each, {options.Workers} workers");
            try
            {
                context.Events = await new EventDelivery(options.Workers, options.WarmUp, options.Duration, options.EventRate, AdminKey).RunAsync(server.BaseUri, Log);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException or JsonException)
            {
                // The figures of the scenarios before it are kept; the report says what stopped this one.
                context.EventsFailure = e.Message;
                Log($"  the event scenarios failed: {e.Message}");
            }
        }

        context.ServerAfterRuns = server.ReadMemory();
        context.BaselineAfterRuns = baseline.ReadMemory();
        context.LoadAverageAfter = Machine.LoadAverage();

        var markdown = Report.Markdown(context);
        var output = options.Output ?? Path.Combine(root, "bench", "results", "latest.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, markdown);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(output)!, $"{context.StartedAt:yyyyMMdd-HHmmss}.md"), markdown);
        Log($"Wrote {output}");
        return markdown;
    }

    /// <summary>The write scenarios, after the reads: add-to-cart, the SQLite checkout baseline, then checkout.</summary>
    private static async Task RunWritesAsync(BenchOptions options, RunContext context, HttpClient probe, Uri server, IReadOnlyList<string> details, string folder, ProductionStack? stack)
    {
        var writes = BenchOptions.WriteScenarios.Where(options.Scenarios.Contains).ToList();
        if (writes.Count == 0)
        {
            return;
        }
        var stock = await CommerceScenarios.SkusInStockAsync(probe, details);
        Log($"Found {stock.Count:N0} SKUs in stock ({stock.Sum(s => (long)s.Available):N0} units) among the {details.Count} products of the detail scenario");
        if (stock.Count == 0)
        {
            throw new InvalidOperationException("No SKU in stock among the probed products: the write scenarios need some (--fresh reseeds the stock).");
        }
        var commerce = new CommerceScenarios(options.Workers, options.WarmUp, options.Duration, PublishableKey);
        foreach (var name in writes)
        {
            Log($"Running {name}: {options.WarmUp.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s, {options.Workers} workers");
            ScenarioResult result;
            switch (name)
            {
                case "add-to-cart":
                    result = await commerce.AddToCartAsync(server, [.. stock.Select(s => s.Sku)]);
                    break;
                case "checkout-sqlite":
                    var scratch = Path.Combine(folder, "checkout-baseline.db");
                    SqliteCheckout.Create(scratch);
                    result = await Task.Run(() => SqliteCheckout.Run(scratch, options.Workers, options.WarmUp, options.Duration));
                    break;
                case "checkout-pgbench":
                    await PgbenchCheckout.CreateAsync(stack!);
                    result = await PgbenchCheckout.RunAsync(stack!, options.Workers, options.WarmUp, options.Duration, folder);
                    break;
                default:
                    // Fresh availability: add-to-cart does not reserve, but earlier runs' checkouts did.
                    result = await commerce.CheckoutAsync(server, new SkuPool(await CommerceScenarios.SkusInStockAsync(probe, details)),
                        writes.Contains("checkout-pgbench") ? "checkout-pgbench" : "checkout-sqlite");
                    break;
            }
            result = result with { LoadAverage = Machine.LoadAverage() };
            context.Results.Add(result);
            Log($"  {result.RequestsPerSecond:N0}/s, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms, {result.Errors} errors, {result.Refused} refused, {result.WorkersExhausted} workers out of stock");
        }
    }

    private static async Task<(List<byte[]> Bodies, List<string> Details)> ProbeAsync(HttpClient client, IReadOnlyList<Workload.SearchQuery> queries, RunContext context)
    {
        var bodies = new List<byte[]>();
        var totals = new List<int>();
        var details = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var paths = queries.Select(q => q.PathAndQuery()).Append($"v1/catalog/products?limit={Workload.PageSize}&sort=newest");
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET /{path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
            }
            using var json = JsonDocument.Parse(body);
            var items = json.RootElement.GetProperty("items");
            if (path.Contains("q=", StringComparison.Ordinal))
            {
                bodies.Add(body);
                totals.Add(json.RootElement.GetProperty("total").GetInt32());
            }
            foreach (var item in items.EnumerateArray())
            {
                var id = item.GetProperty("id").GetString()!;
                if (details.Count < MaxDetailTargets && seen.Add(id))
                {
                    // Alternate ids and handles: the endpoint takes either, and shoppers' links use handles.
                    details.Add("v1/catalog/products/" + (details.Count % 2 == 0 ? item.GetProperty("handle").GetString()! : id));
                }
            }
        }
        totals.Sort();
        context.MedianTotal = totals[totals.Count / 2];
        context.MaxTotal = totals[^1];
        context.EmptyQueries = totals.Count(t => t == 0);
        context.MeanSearchBytes = bodies.Average(b => b.Length);
        return (bodies, details);
    }

    private static void ReadStartupLog(ChildServer server, RunContext context, string seedNote)
    {
        foreach (var line in server.Lines)
        {
            if (SeededLine().Match(line) is { Success: true } seeded)
            {
                context.SeedMilliseconds = long.Parse(seeded.Groups[2].Value, CultureInfo.InvariantCulture);
                File.WriteAllText(seedNote, $"{context.SeedMilliseconds} {DateTimeOffset.UtcNow:yyyy-MM-dd}");
                context.SeededThisRun = true;
            }
            if (LoadedLine().Match(line) is { Success: true } loaded)
            {
                context.Searchable = int.Parse(loaded.Groups[1].Value, CultureInfo.InvariantCulture);
                context.ReadModelMilliseconds = long.Parse(loaded.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }
        if (!context.SeededThisRun && File.Exists(seedNote))
        {
            var parts = File.ReadAllText(seedNote).Split(' ');
            context.SeedMilliseconds = long.Parse(parts[0], CultureInfo.InvariantCulture);
            context.SeededOn = parts.ElementAtOrDefault(1);
        }
    }

    private static List<Uri> Urls(Uri baseUri, IEnumerable<string> paths) => [.. paths.Select(p => new Uri(baseUri, p))];

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Meridian.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Run from inside the Meridian repository (no Meridian.slnx found above the current folder).");
    }

    private static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    [GeneratedRegex(@"Seeded a demo catalog of (\d+) products in (\d+) ms")]
    private static partial Regex SeededLine();

    [GeneratedRegex(@"Loaded the catalog read model: (\d+) published products in (\d+) ms")]
    private static partial Regex LoadedLine();
}
