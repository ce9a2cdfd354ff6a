using System.Diagnostics;
using System.Net;

namespace Meridian.Bench;

/// <summary>What one scenario measured.</summary>
internal sealed record ScenarioResult(
    string Name,
    string Description,
    long Requests,
    long Errors,
    double Seconds,
    double MeanResponseBytes,
    LatencyHistogram Latency)
{
    /// <summary>The scenario this one is compared with: the bare Kestrel baseline unless said otherwise.</summary>
    public string ReferenceName { get; init; } = "baseline";

    /// <summary>Answers that were a refusal the scenario expects (checkout: 409 stock-unavailable), neither counted nor errors.</summary>
    public long Refused { get; init; }

    /// <summary>Workers that stopped early because the scenario ran out of something (checkout: stock it knew of).</summary>
    public int WorkersExhausted { get; init; }

    /// <summary>For scenarios that do untimed work between timed requests: the rate if the workers only sent timed requests.</summary>
    public double? BusyRate { get; init; }

    /// <summary>The 1, 5 and 15 minute load averages when the scenario ended: the machine is shared, so every figure carries it.</summary>
    public string LoadAverage { get; init; } = "";

    /// <summary>For scenarios that prepare each timed request untimed: how long the preparation took.</summary>
    public LatencyHistogram? Preparation { get; init; }

    public double RequestsPerSecond => Requests / Seconds;

    public double P50 => Latency.PercentileMilliseconds(50);

    public double P99 => Latency.PercentileMilliseconds(99);

    public double Max => Latency.MaxMicroseconds / 1000.0;
}

/// <summary>
/// A closed-loop HTTP load generator: <c>workers</c> tasks, each sending one request at a time over a
/// shared pool of keep-alive connections, cycling through a fixed list of URLs. Requests of the
/// warm-up are sent but not counted; a request counts when it both starts and ends inside the
/// measured period. Bounded by time: nothing runs past warm-up + duration (+ one request timeout).
/// </summary>
internal sealed class LoadGenerator(int workers, TimeSpan warmUp, TimeSpan duration, string apiKey)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public async Task<ScenarioResult> RunAsync(string name, string description, IReadOnlyList<Uri> urls)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = workers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        using var client = new HttpClient(handler) { Timeout = RequestTimeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + ToTicks(warmUp);
        var measureTo = measureFrom + ToTicks(duration);
        var tasks = new Task<WorkerTally>[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            tasks[w] = Task.Run(() => WorkAsync(client, urls, worker, measureFrom, measureTo));
        }
        var tallies = await Task.WhenAll(tasks);

        var latency = new LatencyHistogram();
        long errors = 0, bytes = 0;
        foreach (var tally in tallies)
        {
            latency.Add(tally.Latency);
            errors += tally.Errors;
            bytes += tally.Bytes;
        }
        return new ScenarioResult(name, description, latency.Count, errors, duration.TotalSeconds,
            latency.Count == 0 ? 0 : (double)bytes / latency.Count, latency);
    }

    private async Task<WorkerTally> WorkAsync(HttpClient client, IReadOnlyList<Uri> urls, int worker, long measureFrom, long measureTo)
    {
        var tally = new WorkerTally();
        var buffer = new byte[64 * 1024];
        // Workers start at different places in the list, so at any moment they ask different things.
        var next = worker * urls.Count / workers;
        while (Stopwatch.GetTimestamp() < measureTo)
        {
            var url = urls[next];
            next = (next + 1) % urls.Count;
            var began = Stopwatch.GetTimestamp();
            var ok = false;
            long size = 0;
            try
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    size += read;
                }
                ok = response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            var ended = Stopwatch.GetTimestamp();
            if (began < measureFrom || ended > measureTo)
            {
                continue;
            }
            if (ok)
            {
                tally.Latency.Record((long)Stopwatch.GetElapsedTime(began, ended).TotalMicroseconds);
                tally.Bytes += size;
            }
            else
            {
                tally.Errors++;
            }
        }
        return tally;
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class WorkerTally
    {
        public LatencyHistogram Latency { get; } = new();

        public long Errors { get; set; }

        public long Bytes { get; set; }
    }
}
