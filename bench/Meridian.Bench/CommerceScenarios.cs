using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Meridian.Bench;

/// <summary>
/// The write paths: <c>add-to-cart</c> (one <c>POST /v1/carts/{id}/items</c> timed per iteration, each
/// worker on a cart of its own, a new cart every <see cref="AddsPerCart"/> adds) and <c>checkout</c>
/// (a ready cart built untimed, then <c>POST /v1/checkout</c> timed). Both run the same bounded
/// closed loop as the read scenarios: warm-up not counted, a request counts when it starts and ends
/// inside the measured period, and a worker stops at the deadline or at <see cref="MaxIterations"/>.
/// </summary>
internal sealed class CommerceScenarios(int workers, TimeSpan warmUp, TimeSpan duration, string apiKey)
{
    public const int AddsPerCart = 50;
    private const int MaxIterations = 1_000_000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sellable SKUs of the products the searches found, with how many units each has now.</summary>
    public static async Task<List<(string Sku, int Available)>> SkusInStockAsync(HttpClient probe, IEnumerable<string> detailPaths)
    {
        var skus = new List<string>();
        foreach (var path in detailPaths.Where((_, i) => i % 2 == 1).Concat(detailPaths.Where((_, i) => i % 2 == 0)))
        {
            using var response = await probe.GetAsync(new Uri(path, UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            if (json.RootElement.TryGetProperty("variants", out var variants))
            {
                skus.AddRange(variants.EnumerateArray().Select(v => v.GetProperty("sku").GetString()!));
            }
        }
        var found = new List<(string, int)>();
        foreach (var batch in skus.Distinct(StringComparer.Ordinal).Chunk(50))
        {
            var url = "v1/inventory/availability?sku=" + string.Join(',', batch.Select(Uri.EscapeDataString));
            using var response = await probe.GetAsync(new Uri(url, UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET /{url} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            }
            using var json = JsonDocument.Parse(body);
            foreach (var item in json.RootElement.EnumerateArray())
            {
                var available = item.GetProperty("available").GetInt32();
                if (available > 0)
                {
                    found.Add((item.GetProperty("sku").GetString()!, available));
                }
            }
        }
        return found;
    }

    public Task<ScenarioResult> AddToCartAsync(Uri server, IReadOnlyList<string> skus) =>
        RunAsync("add-to-cart", $"POST /v1/carts/{{id}}/items, quantity 1, rotating over {skus.Count:N0} SKUs, a new cart (untimed) every {AddsPerCart} adds",
            "baseline", () =>
            {
                string? cart = null;
                var adds = 0;
                var next = 0;
                return async (client, worker) =>
                {
                    if (cart is null || adds == AddsPerCart)
                    {
                        cart = await NewCartAsync(client, server);
                        adds = 0;
                        next = worker * 997;
                        if (cart is null)
                        {
                            return Attempt.Failed;
                        }
                    }
                    var sku = skus[next++ % skus.Count];
                    adds++;
                    var began = Stopwatch.GetTimestamp();
                    var status = await SendAsync(client, HttpMethod.Post, new Uri(server, $"v1/carts/{cart}/items"), new { sku, quantity = 1 });
                    return new Attempt(status == HttpStatusCode.OK ? Outcome.Ok : Outcome.Error, began, Stopwatch.GetTimestamp(), 0);
                };
            });

    public Task<ScenarioResult> CheckoutAsync(Uri server, SkuPool pool, string reference) =>
        RunAsync("checkout", $"POST /v1/checkout (Idempotency-Key, tok_visa) of a ready cart of 1 unit built untimed (create, add, address, method); {pool.Units:N0} units over {pool.Skus:N0} SKUs",
            reference, () => async (client, worker) =>
            {
                if (pool.Take() is not { } sku)
                {
                    return Attempt.Exhausted;
                }
                var prepared = Stopwatch.GetTimestamp();
                var cart = await NewCartAsync(client, server);
                if (cart is null
                    || await SendAsync(client, HttpMethod.Post, new Uri(server, $"v1/carts/{cart}/items"), new { sku, quantity = 1 }) != HttpStatusCode.OK
                    || await SendAsync(client, HttpMethod.Put, new Uri(server, $"v1/carts/{cart}/shipping-address"),
                        new { country = "DE", postalCode = "10115", city = "Berlin", lines = new[] { "Unter den Linden 1" }, name = "Ada Lovelace" }) != HttpStatusCode.OK
                    || await SendAsync(client, HttpMethod.Put, new Uri(server, $"v1/carts/{cart}/shipping-method"), new { code = "standard" }) != HttpStatusCode.OK)
                {
                    return Attempt.Failed;
                }
                var began = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "v1/checkout"))
                {
                    Content = Json(new { cartId = cart, email = "bench@example.com", paymentToken = "tok_visa" }),
                };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                var outcome = Outcome.Error;
                try
                {
                    using var response = await client.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    outcome = response.StatusCode switch
                    {
                        HttpStatusCode.Created => Outcome.Ok,
                        HttpStatusCode.Conflict when body.Contains("stock-unavailable", StringComparison.Ordinal) => Outcome.Refused,
                        _ => Outcome.Error,
                    };
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                return new Attempt(outcome, began, Stopwatch.GetTimestamp(), began - prepared);
            });

    private async Task<ScenarioResult> RunAsync(string name, string description, string reference, Func<Func<HttpClient, int, Task<Attempt>>> newWorker)
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
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tallies = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var step = newWorker();
            var tally = new Tally();
            for (var i = 0; i < MaxIterations && Stopwatch.GetTimestamp() < measureTo; i++)
            {
                var attempt = await step(client, w);
                if (attempt.Outcome == Outcome.Exhausted)
                {
                    tally.Exhausted = true;
                    break;
                }
                tally.Count(attempt, measureFrom, measureTo);
            }
            return tally;
        })));
        return Tally.Result(name, description, reference, duration, workers, tallies);
    }

    private static async Task<string?> NewCartAsync(HttpClient client, Uri server)
    {
        try
        {
            using var response = await client.PostAsync(new Uri(server, "v1/carts"), Json(new { }));
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return null;
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            return json.RootElement.GetProperty("id").GetString();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<HttpStatusCode?> SendAsync(HttpClient client, HttpMethod method, Uri url, object body)
    {
        try
        {
            using var request = new HttpRequestMessage(method, url) { Content = Json(body) };
            using var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}

internal enum Outcome
{
    Ok,
    Refused,
    Error,
    Exhausted,
}

/// <summary>One iteration: the timed part's start and end (Stopwatch timestamps), and the untimed preparation before it, in ticks.</summary>
internal readonly record struct Attempt(Outcome Outcome, long Began, long Ended, long PreparationTicks)
{
    public static Attempt Failed => new(Outcome.Error, Stopwatch.GetTimestamp(), Stopwatch.GetTimestamp(), 0);

    public static Attempt Exhausted => new(Outcome.Exhausted, 0, 0, 0);
}

/// <summary>What one worker of a step scenario counted.</summary>
internal sealed class Tally
{
    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram Preparation { get; } = new();

    public long Errors { get; set; }

    public long Refused { get; set; }

    public bool Exhausted { get; set; }

    public void Count(Attempt attempt, long measureFrom, long measureTo)
    {
        if (attempt.Began - attempt.PreparationTicks < measureFrom || attempt.Ended > measureTo)
        {
            return;
        }
        switch (attempt.Outcome)
        {
            case Outcome.Ok:
                Latency.Record((long)Stopwatch.GetElapsedTime(attempt.Began, attempt.Ended).TotalMicroseconds);
                if (attempt.PreparationTicks > 0)
                {
                    Preparation.Record((long)(attempt.PreparationTicks * 1_000_000.0 / Stopwatch.Frequency));
                }
                break;
            case Outcome.Refused:
                Refused++;
                break;
            default:
                Errors++;
                break;
        }
    }

    public static ScenarioResult Result(string name, string description, string reference, TimeSpan duration, int workers, IEnumerable<Tally> tallies)
    {
        var latency = new LatencyHistogram();
        var preparation = new LatencyHistogram();
        long errors = 0, refused = 0;
        var exhausted = 0;
        foreach (var tally in tallies)
        {
            latency.Add(tally.Latency);
            preparation.Add(tally.Preparation);
            errors += tally.Errors;
            refused += tally.Refused;
            exhausted += tally.Exhausted ? 1 : 0;
        }
        return new ScenarioResult(name, description, latency.Count, errors, duration.TotalSeconds, 0, latency)
        {
            ReferenceName = reference,
            Refused = refused,
            WorkersExhausted = exhausted,
            // With untimed work between timed requests, the rate the workers would reach doing only the timed part.
            BusyRate = preparation.Count > 0 && latency.MeanMilliseconds > 0 ? workers * 1000.0 / latency.MeanMilliseconds : null,
            Preparation = preparation.Count > 0 ? preparation : null,
        };
    }
}

/// <summary>
/// The units the checkout scenario may buy: every in-stock SKU found, handed out one unit at a time
/// in rotation so purchases spread over many SKUs, until the units known to be there run out.
/// </summary>
internal sealed class SkuPool(IReadOnlyList<(string Sku, int Available)> stock)
{
    private readonly string[] _skus = [.. stock.Select(s => s.Sku)];
    private readonly int[] _left = [.. stock.Select(s => s.Available)];
    private readonly Lock _lock = new();
    private int _next;

    public int Skus => _skus.Length;

    public long Units { get; } = stock.Sum(s => (long)s.Available);

    public string? Take()
    {
        lock (_lock)
        {
            for (var tried = 0; tried < _skus.Length; tried++)
            {
                var i = _next;
                _next = (_next + 1) % _skus.Length;
                if (_left[i] > 0)
                {
                    _left[i]--;
                    return _skus[i];
                }
            }
            return null;
        }
    }
}
