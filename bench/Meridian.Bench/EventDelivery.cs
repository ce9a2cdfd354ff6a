using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Meridian.Bench;

/// <summary>One phase of an event delivery scenario, as measured.</summary>
internal sealed record EventPhase(
    string Scenario,
    string Phase,
    double? TargetRate,
    double Seconds,
    long Committed,
    long DeliveredInWindow,
    LatencyHistogram Latency,
    long ArrivedBeforeCommit,
    long Undelivered,
    long BacklogAtEnd,
    LatencyHistogram Producer,
    long ProducerErrors,
    string LoadAverage)
{
    /// <summary>Where the delay of the Server's deliveries went, stage by stage (from its delivery log); empty for the baseline.</summary>
    public IReadOnlyList<(string Stage, LatencyHistogram Latency)> Stages { get; init; } = [];

    /// <summary>Events produced per second inside the measured period (product updates answered 2xx, or baseline POSTs sent).</summary>
    public double CommittedPerSecond => Committed / Seconds;

    /// <summary>Events that reached the receiver inside the measured period, per second, whenever they were produced.</summary>
    public double DeliveredPerSecond => DeliveredInWindow / Seconds;
}

/// <summary>What the event delivery scenarios measured, with what they need to be read.</summary>
internal sealed class EventDeliveryResult
{
    public List<EventPhase> Phases { get; } = [];

    public int BodyBytes { get; set; }

    public double PacedRate { get; set; }

    public bool PacedRateGiven { get; set; }

    public TimeSpan Drain { get; set; }

    public long Duplicates { get; set; }

    public long Unreadable { get; set; }

    public EventPhase? Find(string scenario, string phase) => Phases.FirstOrDefault(p => p.Scenario == scenario && p.Phase == phase);
}

/// <summary>
/// Event delivery from commit to a webhook receiver on loopback (<c>webhooks</c>), beside an HttpClient POST loop to
/// the same receiver (<c>webhooks-httpclient</c>).
/// <para>
/// <c>webhooks</c>: the bench registers an endpoint for <c>product.changed.v1</c> on its receiver through the admin
/// API, gives each worker a draft product of its own (created untimed), and each worker replaces its product
/// (<c>PUT /v1/admin/catalog/products/{id}</c>, a new title) again and again: one commit, one event per request. The
/// commit time of an event is when the 2xx arrived (the ETag names the version the event carries); its delivery
/// time is when the receiver had read the whole request. Two phases: <b>saturated</b> (the workers in a closed loop,
/// as fast as the Server answers: what it sustains) and <b>paced</b> (the same workers at a fixed rate, by default
/// half of what the saturated phase delivered: the delay when the pipeline is not overloaded). Each phase has an
/// endpoint of its own, so a backlog left by the saturated phase is deleted with its endpoint and never delays the paced one.
/// </para>
/// <para>
/// <c>webhooks-httpclient</c>: the same workers POST the body of a real delivery (same size, same headers) with
/// HttpClient straight to the receiver, saturated and then paced at the same rate; its "commit" is when the POST was
/// sent. Same receiver code, same concurrency (the Server is started with <c>Meridian:Webhooks:Concurrency</c> equal
/// to the workers, so at most as many deliveries are in flight as baseline requests).
/// </para>
/// </summary>
internal sealed class EventDelivery(int workers, TimeSpan warmUp, TimeSpan duration, int? eventRate, string adminKey)
{
    private const string Description = "meridian-bench";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SetupPatience = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait after a phase for events still on their way; what is not there by then counts as undelivered.</summary>
    private TimeSpan Drain => TimeSpan.FromSeconds(Math.Max(10, duration.TotalSeconds));

    public async Task<EventDeliveryResult> RunAsync(Uri server, Action<string> log)
    {
        var result = new EventDeliveryResult { Drain = Drain };
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = NewClient(server, adminKey);
        await DeleteEndpointsAsync(admin);
        var tag = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var products = new List<(string Id, string Handle)>();
        try
        {
            for (var w = 0; w < workers; w++)
            {
                var handle = $"bench-events-{tag}-{w}";
                products.Add((await CreateProductAsync(admin, handle), handle));
            }
            var body = await ProbeAsync(admin, receiver, products[0], tag);
            result.BodyBytes = body.Length;
            log($"  the pipeline delivers: a probe event arrived ({body.Length} bytes); {workers} draft products to update");

            var saturated = await ServerPhaseAsync(admin, receiver, products, tag, "saturated", null);
            result.Phases.Add(saturated);
            log($"  webhooks saturated: {saturated.CommittedPerSecond:N0} committed/s, {saturated.DeliveredPerSecond:N0} delivered/s, p50 {saturated.Latency.PercentileMilliseconds(50):0.0} ms, p99 {saturated.Latency.PercentileMilliseconds(99):0.0} ms, {saturated.Undelivered} undelivered after the drain");

            result.PacedRateGiven = eventRate is not null;
            result.PacedRate = eventRate ?? Math.Max(1, Math.Floor(Math.Min(saturated.CommittedPerSecond, saturated.DeliveredPerSecond) / 2));
            var paced = await ServerPhaseAsync(admin, receiver, products, tag, "paced", result.PacedRate);
            result.Phases.Add(paced);
            log($"  webhooks paced at {result.PacedRate:N0}/s: {paced.DeliveredPerSecond:N0} delivered/s, p50 {paced.Latency.PercentileMilliseconds(50):0.0} ms, p99 {paced.Latency.PercentileMilliseconds(99):0.0} ms");

            foreach (var (phase, rate) in new[] { ("saturated", (double?)null), ("paced", result.PacedRate) })
            {
                var baseline = await BaselinePhaseAsync(receiver, body, phase, rate);
                result.Phases.Add(baseline);
                log($"  webhooks-httpclient {phase}: {baseline.DeliveredPerSecond:N0} delivered/s, p50 {baseline.Latency.PercentileMilliseconds(50):0.00} ms, p99 {baseline.Latency.PercentileMilliseconds(99):0.00} ms");
            }
        }
        finally
        {
            // Leave the reused database as it was: no endpoint pointing at a receiver that is gone, no bench products.
            await DeleteEndpointsAsync(admin);
            foreach (var product in products)
            {
                using var _ = await SetupAsync(admin, HttpMethod.Delete, $"v1/admin/catalog/products/{product.Id}");
            }
        }
        result.Duplicates = receiver.Duplicates;
        result.Unreadable = receiver.Unreadable;
        return result;
    }

    /// <summary>One product update through the admin API, delivered, as a check that the pipeline works and to capture a real body.</summary>
    private async Task<byte[]> ProbeAsync(HttpClient admin, WebhookReceiver receiver, (string Id, string Handle) product, string tag)
    {
        var set = "probe-" + tag;
        var endpoint = await RegisterAsync(admin, receiver.Url(set));
        var (status, _) = await UpdateAsync(admin, product, "probe #0");
        if (status is not HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The probe's product update answered {status?.ToString() ?? "nothing"}.");
        }
        var waited = Stopwatch.StartNew();
        while (receiver.LastBody(set) is null)
        {
            if (waited.Elapsed > ProbeTimeout)
            {
                throw new InvalidOperationException($"No webhook arrived within {ProbeTimeout.TotalSeconds:0} s of a product update (is Meridian:Webhooks:AllowLoopback on?).");
            }
            await Task.Delay(20);
        }
        await DeleteEndpointAsync(admin, endpoint);
        return receiver.LastBody(set)!;
    }

    private async Task<EventPhase> ServerPhaseAsync(HttpClient admin, WebhookReceiver receiver, List<(string Id, string Handle)> products, string tag, string phase, double? rate)
    {
        var set = $"{phase}-{tag}";
        var endpoint = await RegisterAsync(admin, receiver.Url(set));
        var commits = new ConcurrentDictionary<(string Product, int Version), long>();
        var window = Window.Open(warmUp, duration);
        var pacer = rate is { } r ? new Pacer(window.Start, r) : null;
        var tallies = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var tally = new ProducerTally();
            for (var n = 1; ; n++)
            {
                if (!await Pacer.WaitAsync(pacer, window.To))
                {
                    break;
                }
                var began = Stopwatch.GetTimestamp();
                var (status, version) = await UpdateAsync(admin, products[w], $"{phase} #{n}");
                var ended = Stopwatch.GetTimestamp();
                if (status == HttpStatusCode.OK && version is { } v)
                {
                    commits[(products[w].Id, v)] = ended;
                }
                tally.Count(window, began, ended, status == HttpStatusCode.OK);
            }
            return tally;
        })));

        // Wait for what is still on its way, then measure.
        var drainUntil = Stopwatch.GetTimestamp() + (long)(Drain.TotalSeconds * Stopwatch.Frequency);
        Dictionary<(string, int), long> arrivals;
        while (true)
        {
            arrivals = ArrivalsByEvent(receiver, set);
            if (commits.Keys.All(arrivals.ContainsKey) || Stopwatch.GetTimestamp() > drainUntil)
            {
                break;
            }
            await Task.Delay(50);
        }
        var measured = Measure(window, commits.Select(c => (c.Value, arrivals.TryGetValue(c.Key, out var at) ? at : (long?)null)),
            arrivals.Values);
        var stages = await StagesAsync(admin, receiver, set, endpoint, window, commits);
        await DeleteEndpointAsync(admin, endpoint);
        // The next phase starts when the webhooks consumer has queued everything so far (for no endpoint, now).
        await WaitForConsumerAsync(admin);
        return Phase("webhooks", phase, rate, window, measured, tallies) with { Stages = stages };
    }

    private async Task<EventPhase> BaselinePhaseAsync(WebhookReceiver receiver, byte[] body, string phase, double? rate)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var set = $"baseline-{phase}-{run}";
        var url = receiver.Url(set);
        // The headers a delivery carries, with values of the same length: the baseline sends what the Server sends.
        var signature = "v1," + Convert.ToBase64String(new byte[32]);
        using var client = NewClient(url, null);
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Meridian-Webhooks", "1.0"));
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var window = Window.Open(warmUp, duration);
        var pacer = rate is { } r ? new Pacer(window.Start, r) : null;
        var tallies = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var tally = new ProducerTally();
            for (var n = 0; ; n++)
            {
                if (!await Pacer.WaitAsync(pacer, window.To))
                {
                    break;
                }
                // Unique per phase and as long as an event id (evt_ and a ULID).
                var id = $"evt_{run}{w:D2}{n:D16}";
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", signature);
                var began = Stopwatch.GetTimestamp();
                sent[id] = began;
                var ok = false;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    ok = response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                tally.Count(window, began, Stopwatch.GetTimestamp(), ok);
            }
            return tally;
        })));
        var measured = Measure(window,
            sent.Select(s => (s.Value, receiver.TryGetArrival(s.Key, out var arrival) ? arrival.At : (long?)null)),
            receiver.ArrivalsOf(set).Select(a => a.Value.At));
        return Phase("webhooks-httpclient", phase, rate, window, measured, tallies);
    }

    /// <summary>
    /// Splits the delay of each event produced in the window into stages, from the endpoint's delivery log (admin
    /// API: when the webhooks consumer queued the delivery, when the worker started the attempt) and the event's own
    /// <c>time</c>: created → queued (commit, sequencing, the transport, the consumer's transaction), queued → attempt
    /// started (the worker's poll and claim), attempt started → arrived (signing and the POST). Wall clocks of two
    /// processes on one machine: good to well under a millisecond.
    /// </summary>
    private static async Task<List<(string, LatencyHistogram)>> StagesAsync(
        HttpClient admin, WebhookReceiver receiver, string set, string endpoint, Window window, ConcurrentDictionary<(string Product, int Version), long> commits)
    {
        var inWindow = commits.Where(c => c.Value >= window.From && c.Value <= window.To).Select(c => c.Key).ToHashSet();
        var arrivals = receiver.ArrivalsOf(set).Where(a => inWindow.Contains((a.Value.Subject!, a.Value.Version))).ToDictionary(a => a.Key, a => a.Value);
        var created = new LatencyHistogram();
        var claimed = new LatencyHistogram();
        var attempt = new LatencyHistogram();
        var total = new LatencyHistogram();
        string? cursor = null;
        do
        {
            using var json = JsonDocument.Parse(await GetStringAsync(admin, $"v1/admin/webhooks/{endpoint}/deliveries?limit=100" + (cursor is null ? "" : "&cursor=" + cursor)));
            foreach (var delivery in json.RootElement.GetProperty("items").EnumerateArray())
            {
                if (!arrivals.TryGetValue(delivery.GetProperty("eventId").GetString()!, out var arrival) || arrival.EventTime is not { } eventTime
                    || delivery.GetProperty("attempts").EnumerateArray().FirstOrDefault() is not { ValueKind: JsonValueKind.Object } first)
                {
                    continue;
                }
                var queuedAt = delivery.GetProperty("createdAt").GetDateTimeOffset();
                var attemptedAt = first.GetProperty("attemptedAt").GetDateTimeOffset();
                created.Record(Micros(queuedAt - eventTime));
                claimed.Record(Micros(attemptedAt - queuedAt));
                attempt.Record(Micros(arrival.AtUtc - attemptedAt));
                total.Record(Micros(arrival.AtUtc - eventTime));
            }
            cursor = json.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return
        [
            ("event created → delivery queued (commit, sequencing, transport, webhooks consumer)", created),
            ("queued → attempt started (delivery worker's poll and claim)", claimed),
            ("attempt started → arrived (signing, POST)", attempt),
            ("event created → arrived", total),
        ];
    }

    private static long Micros(TimeSpan span) => Math.Max(0, (long)span.TotalMicroseconds);

    private static Dictionary<(string, int), long> ArrivalsByEvent(WebhookReceiver receiver, string set)
    {
        var byEvent = new Dictionary<(string, int), long>();
        foreach (var (_, arrival) in receiver.ArrivalsOf(set))
        {
            byEvent.TryAdd((arrival.Subject!, arrival.Version), arrival.At);
        }
        return byEvent;
    }

    private sealed record Measured(long Committed, long DeliveredInWindow, LatencyHistogram Latency, long Early, long Undelivered, long Backlog);

    /// <summary>
    /// Events produced inside the window, with their delay to arrival (whenever it came, up to the drain); arrivals
    /// inside the window whatever their production time; and the backlog when the window closed.
    /// </summary>
    private static Measured Measure(Window window, IEnumerable<(long Produced, long? Arrived)> events, IEnumerable<long> arrivals)
    {
        var latency = new LatencyHistogram();
        long committed = 0, early = 0, undelivered = 0, producedByEnd = 0, arrivedByEnd = 0;
        foreach (var (produced, arrived) in events)
        {
            if (produced <= window.To)
            {
                producedByEnd++;
                arrivedByEnd += arrived is { } a && a <= window.To ? 1 : 0;
            }
            if (produced < window.From || produced > window.To)
            {
                continue;
            }
            committed++;
            if (arrived is not { } at)
            {
                undelivered++;
                continue;
            }
            if (at < produced)
            {
                // The delivery overtook the 2xx (the event is dispatched at commit, the response leaves after the
                // index refresh): the delay is recorded as zero and counted.
                early++;
            }
            latency.Record(Math.Max(0, (long)Stopwatch.GetElapsedTime(produced, at).TotalMicroseconds));
        }
        var delivered = arrivals.LongCount(at => at >= window.From && at <= window.To);
        return new Measured(committed, delivered, latency, early, undelivered, producedByEnd - arrivedByEnd);
    }

    private EventPhase Phase(string scenario, string phase, double? rate, Window window, Measured measured, ProducerTally[] tallies)
    {
        var producer = new LatencyHistogram();
        long errors = 0;
        foreach (var tally in tallies)
        {
            producer.Add(tally.Latency);
            errors += tally.Errors;
        }
        return new EventPhase(scenario, phase, rate, duration.TotalSeconds, measured.Committed, measured.DeliveredInWindow, measured.Latency,
            measured.Early, measured.Undelivered, measured.Backlog, producer, errors, Machine.LoadAverage());
    }

    private static async Task<(HttpStatusCode? Status, int? Version)> UpdateAsync(HttpClient admin, (string Id, string Handle) product, string change)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"v1/admin/catalog/products/{product.Id}", UriKind.Relative))
            {
                Content = ProductBody(product.Handle, $"Bench event product, {change}"),
            };
            using var response = await admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            // The ETag is "<id>.<version>": the version the event carries.
            var etag = response.Headers.ETag?.Tag.Trim('"') ?? "";
            var dot = etag.LastIndexOf('.');
            int? version = dot > 0 && int.TryParse(etag[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            await response.Content.LoadIntoBufferAsync();
            return (response.StatusCode, version);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, null);
        }
    }

    private static async Task<string> CreateProductAsync(HttpClient admin, string handle)
    {
        using var response = await SetupAsync(admin, HttpMethod.Post, "v1/admin/catalog/products", () => ProductBody(handle, "Bench event product"));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating a product for the event scenario answered {(int)response.StatusCode}: {text}");
        }
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A draft product (never searchable, so the reads never see it) with one variant whose SKU follows the handle.</summary>
    private static StringContent ProductBody(string handle, string title)
    {
        var body = new
        {
            handle,
            title,
            status = "draft",
            variants = new[] { new { sku = handle.ToUpperInvariant(), prices = new[] { new { amount = 1000, currency = "EUR" } } } },
        };
        return new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    }

    private static async Task<string> RegisterAsync(HttpClient admin, Uri url)
    {
        using var response = await SetupAsync(admin, HttpMethod.Post, "v1/admin/webhooks",
            () => new StringContent(JsonSerializer.Serialize(new { url = url.ToString(), eventTypes = new[] { "product.changed.v1" }, description = Description }), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Registering the webhook endpoint answered {(int)response.StatusCode}: {text} (the Server needs Meridian:Webhooks:AllowLoopback=true)");
        }
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("endpoint").GetProperty("id").GetString()!;
    }

    private static async Task DeleteEndpointAsync(HttpClient admin, string id)
    {
        using var _ = await SetupAsync(admin, HttpMethod.Delete, $"v1/admin/webhooks/{id}");
    }

    /// <summary>Deletes every endpoint an earlier bench run registered (a killed run leaves them behind in the reused database).</summary>
    private static async Task DeleteEndpointsAsync(HttpClient admin)
    {
        var ours = new List<string>();
        string? cursor = null;
        do
        {
            var text = await GetStringAsync(admin, "v1/admin/webhooks?limit=100" + (cursor is null ? "" : "&cursor=" + cursor));
            using var json = JsonDocument.Parse(text);
            ours.AddRange(json.RootElement.GetProperty("items").EnumerateArray()
                .Where(e => e.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String && d.GetString() == Description)
                .Select(e => e.GetProperty("id").GetString()!));
            cursor = json.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        foreach (var id in ours)
        {
            await DeleteEndpointAsync(admin, id);
        }
    }

    /// <summary>Waits (up to 30 s) until the webhooks consumer has no published event left to handle.</summary>
    private static async Task WaitForConsumerAsync(HttpClient admin)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var json = JsonDocument.Parse(await GetStringAsync(admin, "v1/admin/events/consumers"));
            var webhooks = json.RootElement.GetProperty("items").EnumerateArray().FirstOrDefault(c => c.GetProperty("name").GetString() == "webhooks");
            if (webhooks.ValueKind != JsonValueKind.Object || webhooks.GetProperty("lag").GetInt64() == 0)
            {
                return;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// An untimed set-up request (create, register, delete, read the logs). On SQLite the write lock can be busy for
    /// seconds after the write scenarios (consumers working off their events), and the Server answers 503 "retry
    /// shortly"; so does the bench, for up to a minute, rather than lose the run.
    /// </summary>
    private static async Task<HttpResponseMessage> SetupAsync(HttpClient admin, HttpMethod method, string path, Func<HttpContent>? content = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content?.Invoke() };
            HttpResponseMessage? response = null;
            try
            {
                response = await admin.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || waited.Elapsed > SetupPatience)
                {
                    return response;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && waited.Elapsed <= SetupPatience)
            {
            }
            var pause = response?.Headers.RetryAfter?.Delta is { } after && after < TimeSpan.FromSeconds(2) ? after : TimeSpan.FromSeconds(1);
            response?.Dispose();
            await Task.Delay(pause);
        }
    }

    private static async Task<string> GetStringAsync(HttpClient admin, string path)
    {
        using var response = await SetupAsync(admin, HttpMethod.Get, path);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"GET /{path} answered {(int)response.StatusCode}: {text}");
    }

    private HttpClient NewClient(Uri baseUri, string? apiKey)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = workers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUri, Timeout = RequestTimeout };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }

    /// <summary>The warm-up and the measured period, as Stopwatch timestamps.</summary>
    private readonly record struct Window(long Start, long From, long To)
    {
        public static Window Open(TimeSpan warmUp, TimeSpan duration)
        {
            var start = Stopwatch.GetTimestamp();
            var from = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
            return new Window(start, from, from + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        }
    }

    /// <summary>
    /// An open-loop schedule shared by the workers: slot k is due at start + k / rate, and each worker takes the next
    /// slot when it is free, so a slow request delays no one else's slot (the achieved rate shows if it falls short).
    /// </summary>
    private sealed class Pacer(long start, double rate)
    {
        private readonly long _start = start;
        private readonly double _rate = rate;
        private long _next = -1;

        /// <summary>Waits for the next slot (no wait without a pacer); false when the slot would fall after <paramref name="end"/>.</summary>
        public static async Task<bool> WaitAsync(Pacer? pacer, long end)
        {
            if (pacer is null)
            {
                return Stopwatch.GetTimestamp() < end;
            }
            var slot = Interlocked.Increment(ref pacer._next);
            var due = pacer._start + (long)(slot / pacer._rate * Stopwatch.Frequency);
            if (due >= end)
            {
                return false;
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            return true;
        }
    }

    /// <summary>What one producer counted: the latency of its requests inside the window, and its failures.</summary>
    private sealed class ProducerTally
    {
        public LatencyHistogram Latency { get; } = new();

        public long Errors { get; private set; }

        public void Count(Window window, long began, long ended, bool ok)
        {
            if (began < window.From || ended > window.To)
            {
                return;
            }
            if (ok)
            {
                Latency.Record((long)Stopwatch.GetElapsedTime(began, ended).TotalMicroseconds);
            }
            else
            {
                Errors++;
            }
        }
    }
}
