using System.Globalization;
using System.Text;

namespace Meridian.Bench;

/// <summary>Renders a run as Markdown: the table, the memory, the workload, the machine and the aims.</summary>
internal static class Report
{
    private const double SearchThroughputAim = 0.25;
    private const double SearchP99AimMs = 20;
    private const long MemoryAimBytes = 1L << 30;

    public static string Markdown(RunContext run)
    {
        var options = run.Options;
        var baseline = run.Results.FirstOrDefault(r => r.Name == "baseline");
        var text = new StringBuilder();
        Line(text, $"# Meridian benchmark, {run.StartedAt:yyyy-MM-dd HH:mm} UTC");
        Line(text);
        Line(text, $"{options.Workers} concurrent connections, {options.WarmUp.TotalSeconds:0} s warm-up then {options.Duration.TotalSeconds:0} s measured per scenario, " +
            $"{options.Products:N0} demo products ({run.Searchable?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} published and searchable), " +
            $"{options.Queries} distinct search queries in rotation. Loopback only; the load generator, the Server and the baseline share the machine.");
        Line(text);
        Line(text, options.Production
            ? $"**Profile: production.** {run.Services}."
            : "**Profile: embedded** (SQLite, events through the database log in the process, no Redis).");
        Line(text);
        Line(text, "| scenario | requests/s | p50 ms | p99 ms | max ms | throughput / baseline | errors | mean response bytes | load avg at end | what |");
        Line(text, "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var r in run.Results)
        {
            var reference = run.Results.FirstOrDefault(x => x.Name == r.ReferenceName);
            var ratio = reference is null ? "n/a" : $"{r.RequestsPerSecond / reference.RequestsPerSecond:P1}" + (r.ReferenceName == "baseline" ? "" : $" of {r.ReferenceName}");
            var errors = r.Refused > 0 ? $"{r.Errors} (+{r.Refused} refused)" : $"{r.Errors}";
            Line(text, $"| {r.Name} | {r.RequestsPerSecond:N0} | {r.P50:0.00} | {r.P99:0.00} | {r.Max:0.0} | {ratio} | {errors} | {r.MeanResponseBytes:N0} | {r.LoadAverage} | {r.Description} |");
        }
        Line(text);
        WritePaths(text, run);
        EventDeliverySection(text, run);

        Line(text, "## Memory of the Server (from /proc/<pid>/status)");
        Line(text);
        Line(text, "| when | resident (VmRSS) | of which anonymous (RssAnon) | peak resident (VmHWM) |");
        Line(text, "|---|--:|--:|--:|");
        Line(text, $"| ready, before load | {Mib(run.ServerAtReady?.Resident)} | {Mib(run.ServerAtReady?.Anonymous)} | {Mib(run.ServerAtReady?.PeakResident)} |");
        Line(text, $"| after every scenario | {Mib(run.ServerAfterRuns?.Resident)} | {Mib(run.ServerAfterRuns?.Anonymous)} | {Mib(run.ServerAfterRuns?.PeakResident)} |");
        Line(text, $"| (the baseline, after its run) | {Mib(run.BaselineAfterRuns?.Resident)} | {Mib(run.BaselineAfterRuns?.Anonymous)} | {Mib(run.BaselineAfterRuns?.PeakResident)} |");
        Line(text);
        Line(text, "The peak includes seeding when the run seeded; in a run that reused the database it is start-up plus load.");
        Line(text);

        Line(text, "## Start-up and workload");
        Line(text);
        var seed = run.SeedMilliseconds is { } ms
            ? $"{ms / 1000.0:0.0} s" + (run.SeededThisRun ? " (this run)" : $" (an earlier run{(run.SeededOn is null ? "" : " on " + run.SeededOn)})")
            : "unknown (the database was seeded without this harness)";
        Line(text, $"- Seeding {options.Products:N0} products: {seed}. This run {(run.Reused ? "reused" : "created")} `{run.Database}`.");
        Line(text, $"- Start to `/health/ready` = 200: {run.SecondsToReady:0.0} s; loading the read model took {(run.ReadModelMilliseconds is { } load ? $"{load / 1000.0:0.0} s" : "?")}.");
        Line(text, $"- Search answers: mean {run.MeanSearchBytes:N0} bytes; total hits per query median {run.MedianTotal:N0}, max {run.MaxTotal:N0}, {run.EmptyQueries} of {options.Queries} empty.");
        Line(text, $"- Baseline body: {run.BaselineBodyBytes:N0} bytes, a captured search answer of median size.");
        Line(text);

        Line(text, "## Machine");
        Line(text);
        Line(text, $"- {run.Machine.Cores} cores ({run.Machine.Cpu}), {run.Machine.Memory}, {run.Machine.Os}, {run.Machine.Runtime}.");
        Line(text, $"- Load average (1, 5, 15 min) before: {run.LoadAverageBefore}; after: {run.LoadAverageAfter}. Figures above the core count mean other work (builds) shared the cores: compare ratios, not absolutes.");
        Line(text);

        Line(text, "## Aims");
        Line(text);
        var search = run.Results.FirstOrDefault(r => r.Name == "search");
        if (search is not null && baseline is not null)
        {
            var ratio = search.RequestsPerSecond / baseline.RequestsPerSecond;
            Line(text, $"- Search throughput at least {SearchThroughputAim:P0} of the baseline: {ratio:P1}, {Verdict(ratio >= SearchThroughputAim)}.");
            Line(text, $"- Search p99 under {SearchP99AimMs:0} ms: {search.P99:0.00} ms, {Verdict(search.P99 < SearchP99AimMs)}.");
        }
        var peak = run.ServerAfterRuns?.PeakResident;
        if (peak is not null)
        {
            Line(text, $"- Server memory under 1 GiB with {options.Products:N0} products: resident {Mib(run.ServerAfterRuns?.Resident)}, peak {peak / 1024.0 / 1024.0:N1} MiB of 1,024, {Verdict(peak < MemoryAimBytes)} (judged on the peak).");
        }
        return text.ToString();
    }

    private static void WritePaths(StringBuilder text, RunContext run)
    {
        var checkout = run.Results.FirstOrDefault(r => r.Name == "checkout");
        var sqlite = run.Results.FirstOrDefault(r => r.Name == checkout?.ReferenceName)
            ?? run.Results.FirstOrDefault(r => r.Name is "checkout-sqlite" or "checkout-pgbench");
        var addToCart = run.Results.FirstOrDefault(r => r.Name == "add-to-cart");
        if (checkout is null && sqlite is null && addToCart is null)
        {
            return;
        }
        Line(text, "## Write paths");
        Line(text);
        if (addToCart is not null)
        {
            Line(text, $"- add-to-cart: {addToCart.RequestsPerSecond:N0} adds/s, p50 {addToCart.P50:0.00} ms, p99 {addToCart.P99:0.00} ms (mean {addToCart.Latency.MeanMilliseconds:0.00} ms); the throughput ratio above is to the bare Kestrel baseline.");
        }
        if (sqlite is not null)
        {
            Line(text, $"- {sqlite.Name}: {sqlite.RequestsPerSecond:N0} transactions/s, p50 {sqlite.P50:0.00} ms, p99 {sqlite.P99:0.00} ms (mean {sqlite.Latency.MeanMilliseconds:0.00} ms), {sqlite.Errors} failed.");
        }
        if (checkout is not null)
        {
            Line(text, $"- checkout: {checkout.RequestsPerSecond:N0} orders/s counted with the untimed cart set-up in the loop; the workers would reach about {checkout.BusyRate ?? 0:N0}/s checking out only " +
                $"({checkout.Name} mean {checkout.Latency.MeanMilliseconds:0.00} ms × {run.Options.Workers} workers). {checkout.Refused} answered 409 stock-unavailable, {checkout.Errors} failed, {checkout.WorkersExhausted} workers ran out of known stock.");
            if (checkout.Preparation is { } setup)
            {
                Line(text, $"- building a ready cart (create, add, address, method: 4 requests, untimed in checkout): p50 {setup.PercentileMilliseconds(50):0.00} ms, p99 {setup.PercentileMilliseconds(99):0.00} ms, mean {setup.MeanMilliseconds:0.00} ms.");
            }
            if (sqlite is not null && sqlite.RequestsPerSecond > 0)
            {
                Line(text, $"- **checkout / {sqlite.Name}**: throughput {checkout.RequestsPerSecond / sqlite.RequestsPerSecond:P1} as measured, {(checkout.BusyRate ?? 0) / sqlite.RequestsPerSecond:P1} checking out only; " +
                    $"p50 {checkout.P50 / Math.Max(0.001, sqlite.P50):0.0}× and p99 {checkout.P99 / Math.Max(0.001, sqlite.P99):0.0}× the transaction's.");
            }
        }
        Line(text);
    }

    private static void EventDeliverySection(StringBuilder text, RunContext run)
    {
        if (run.EventsFailure is { } failure)
        {
            Line(text, "## Event delivery");
            Line(text);
            Line(text, $"Failed: {failure}");
            Line(text);
        }
        if (run.Events is not { } events)
        {
            return;
        }
        var options = run.Options;
        Line(text, "## Event delivery: commit to a webhook receiver on loopback");
        Line(text);
        Line(text, $"Transport: {(options.Production ? "NATS JetStream (the production profile)" : "the database log, an append waking the dispatcher in the process (the embedded profile)")}. " +
            $"`webhooks`: {options.Workers} workers each replace a draft product of their own through the admin API (one `product.changed.v1` per request); " +
            $"the Server delivers to the bench's receiver with `Meridian:Webhooks:PollInterval` {BenchRunSettings.EventPollInterval} and `Concurrency` {options.Workers}. " +
            $"Commit = the 2xx of the update arrived; delivery = the receiver had read the whole request. `webhooks-httpclient`: {options.Workers} workers POST the body of a real delivery " +
            $"({events.BodyBytes:N0} bytes, the same headers) with HttpClient to the same receiver; its commit is when the POST was sent. " +
            $"Saturated = closed loop, as fast as answers come; paced = a fixed rate ({events.PacedRate:N0}/s, {(events.PacedRateGiven ? "--event-rate" : "half of what the Server delivered saturated")}) for both. " +
            $"Events produced in the {options.Duration.TotalSeconds:0} s window are followed up to {events.Drain.TotalSeconds:0} s after it.");
        Line(text);
        Line(text, "| scenario | phase | produced/s | delivered/s | p50 ms | p99 ms | max ms | undelivered | backlog at end | producer p50 / p99 ms | load avg at end |");
        Line(text, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var p in events.Phases)
        {
            var early = p.ArrivedBeforeCommit > 0 ? $" ({p.ArrivedBeforeCommit} before the 2xx)" : "";
            Line(text, $"| {p.Scenario} | {p.Phase}{(p.TargetRate is { } r ? $" at {r:N0}/s" : "")} | {p.CommittedPerSecond:N0} | {p.DeliveredPerSecond:N0} | " +
                $"{p.Latency.PercentileMilliseconds(50):0.00} | {p.Latency.PercentileMilliseconds(99):0.00} | {p.Latency.MaxMicroseconds / 1000.0:0.0} | {p.Undelivered}{early} | {p.BacklogAtEnd} | " +
                $"{p.Producer.PercentileMilliseconds(50):0.00} / {p.Producer.PercentileMilliseconds(99):0.00}{(p.ProducerErrors > 0 ? $" ({p.ProducerErrors} failed)" : "")} | {p.LoadAverage} |");
        }
        Line(text);
        var serverSaturated = events.Find("webhooks", "saturated");
        var baseSaturated = events.Find("webhooks-httpclient", "saturated");
        var serverPaced = events.Find("webhooks", "paced");
        var basePaced = events.Find("webhooks-httpclient", "paced");
        if (serverSaturated is not null && baseSaturated is not null && baseSaturated.DeliveredPerSecond > 0)
        {
            Line(text, $"- **Delivered events/s, saturated: {serverSaturated.DeliveredPerSecond / baseSaturated.DeliveredPerSecond:P1} of the HttpClient loop** " +
                $"({serverSaturated.DeliveredPerSecond:N0} against {baseSaturated.DeliveredPerSecond:N0}). The Server's producers committed {serverSaturated.CommittedPerSecond:N0}/s; " +
                (serverSaturated.BacklogAtEnd > serverSaturated.CommittedPerSecond
                    ? $"delivery fell behind them ({serverSaturated.BacklogAtEnd:N0} events waiting when the window closed), so its delays grow with the run's length and measure the queue."
                    : "delivery kept up with them, so the saturated rate is the producers' (the admin update path), not delivery's ceiling."));
        }
        if (serverPaced is not null && basePaced is not null)
        {
            Line(text, $"- **Commit to delivery at {events.PacedRate:N0}/s: p50 {serverPaced.Latency.PercentileMilliseconds(50):0.0} ms, p99 {serverPaced.Latency.PercentileMilliseconds(99):0.0} ms, max {serverPaced.Latency.MaxMicroseconds / 1000.0:0.0} ms**; " +
                $"the HttpClient POST at the same rate: p50 {basePaced.Latency.PercentileMilliseconds(50):0.00} ms, p99 {basePaced.Latency.PercentileMilliseconds(99):0.00} ms " +
                $"({Times(serverPaced.Latency.PercentileMilliseconds(50), basePaced.Latency.PercentileMilliseconds(50))} and {Times(serverPaced.Latency.PercentileMilliseconds(99), basePaced.Latency.PercentileMilliseconds(99))}).");
        }
        Line(text, $"- Receiver: {events.Duplicates} duplicate deliveries (the same webhook-id again), {events.Unreadable} unreadable.");
        Line(text);
        foreach (var phase in events.Phases.Where(p => p.Stages.Count > 0))
        {
            Line(text, $"Where the Server's delay goes, {phase.Phase} phase ({phase.Stages[0].Latency.Count} deliveries; event `time` and the delivery log's `createdAt` and `attemptedAt`, against the receiver's clock):");
            Line(text);
            Line(text, "| stage | p50 ms | p99 ms | mean ms | max ms |");
            Line(text, "|---|--:|--:|--:|--:|");
            foreach (var (stage, latency) in phase.Stages)
            {
                Line(text, $"| {stage} | {latency.PercentileMilliseconds(50):0.0} | {latency.PercentileMilliseconds(99):0.0} | {latency.MeanMilliseconds:0.0} | {latency.MaxMicroseconds / 1000.0:0.0} |");
            }
            Line(text);
        }
    }

    private static string Times(double value, double reference) => reference > 0 ? $"{value / reference:N0}×" : "n/a";

    private static string Verdict(bool met) => met ? "**met**" : "**missed**";

    private static string Mib(long? bytes) => bytes is { } b ? $"{b / 1024.0 / 1024.0:N0} MiB" : "n/a";

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
