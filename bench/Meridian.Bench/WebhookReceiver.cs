using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Meridian.Bench;

/// <summary>
/// One request as the receiver recorded it: when its body had fully arrived (a Stopwatch timestamp, and the wall
/// clock to compare with the Server's own timestamps: both processes read the same system clock), what the event
/// names, and the event's <c>time</c> (when the Server created it, in the transaction).
/// </summary>
internal readonly record struct Arrival(string Set, long At, DateTimeOffset AtUtc, string? Subject, int Version, DateTimeOffset? EventTime);

/// <summary>
/// The webhook receiver: bare Kestrel on a loopback port in the bench process, answering 200 to every
/// <c>POST /hooks/{set}</c>. It verifies no signature (a real receiver's HMAC is the receiver's cost, not the
/// Server's); it reads the body, notes the arrival time (a Stopwatch timestamp, the clock the producers use) under the
/// <c>webhook-id</c> header, and reads the CloudEvent's <c>subject</c> and <c>data.version</c>, which is how a product
/// update's commit is matched to its delivery. A second arrival of an id (a retry) is counted, not recorded.
/// Both the Server's deliveries and the HttpClient baseline's requests go through this same code.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Arrival> _arrivals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _lastBody = new(StringComparer.Ordinal);
    private long _duplicates;
    private long _unreadable;

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Unreadable => Interlocked.Read(ref _unreadable);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Port = new Uri(app.Urls.Single()).Port;
        return receiver;
    }

    public Uri Url(string set) => new($"http://127.0.0.1:{Port}/hooks/{set}");

    /// <summary>Every recorded arrival of <paramref name="set"/>, by webhook id.</summary>
    public IEnumerable<KeyValuePair<string, Arrival>> ArrivalsOf(string set) => _arrivals.Where(a => a.Value.Set == set);

    public bool TryGetArrival(string id, out Arrival arrival) => _arrivals.TryGetValue(id, out arrival);

    public int CountOf(string set) => _arrivals.Count(a => a.Value.Set == set);

    /// <summary>The last body received on <paramref name="set"/>, or null.</summary>
    public byte[]? LastBody(string set) => _lastBody.GetValueOrDefault(set);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(context.Request.Method) || !path.StartsWith("/hooks/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var set = path["/hooks/".Length..];
        var length = (int)(context.Request.ContentLength ?? 0);
        using var buffer = new MemoryStream(length > 0 ? length : 1024);
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var at = Stopwatch.GetTimestamp();
        var atUtc = DateTimeOffset.UtcNow;
        var body = buffer.ToArray();
        var id = context.Request.Headers["webhook-id"].ToString();
        var (subject, version, time) = Read(body);
        if (id.Length == 0 || subject is null)
        {
            Interlocked.Increment(ref _unreadable);
        }
        else if (!_arrivals.TryAdd(id, new Arrival(set, at, atUtc, subject, version, time)))
        {
            Interlocked.Increment(ref _duplicates);
        }
        _lastBody[set] = body;
        // No body, no keep-alive games: what a minimal receiver answers.
        context.Features.GetRequiredFeature<IHttpResponseFeature>().StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>The CloudEvent's subject, <c>data.version</c> (product.changed.v1 carries the product's version) and time.</summary>
    private static (string? Subject, int Version, DateTimeOffset? Time) Read(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var subject = root.TryGetProperty("subject", out var s) ? s.GetString() : null;
            var version = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : 0;
            DateTimeOffset? time = root.TryGetProperty("time", out var t) && t.TryGetDateTimeOffset(out var parsed) ? parsed : null;
            return (subject, version, time);
        }
        catch (JsonException)
        {
            return (null, 0, null);
        }
    }
}
