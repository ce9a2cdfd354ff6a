using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Meridian.Server.Tests.Webhooks;

/// <summary>A request as the receiver saw it.</summary>
public sealed record ReceivedRequest(string Path, string Method, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No {name} header.");
}

/// <summary>What the receiver answers to the next request.</summary>
public sealed record ScriptedResponse(int Status, string? RetryAfter = null);

/// <summary>
/// A real Kestrel server on a loopback port that records every request and answers from a script per path (200
/// once the script is empty). Each test gives its endpoint a unique path and reads only the requests to that path, so
/// endpoints left behind by other tests never confuse it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedResponse>> _scripts = new();
    private readonly ConcurrentDictionary<string, ScriptedResponse> _otherwise = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Port = new Uri(app.Urls.Single()).Port;
        return receiver;
    }

    /// <summary>A URL on this receiver with a unique path, and that path.</summary>
    public (string Url, string Path) NewUrl()
    {
        var path = "/hooks/" + Guid.NewGuid().ToString("N");
        return ($"http://127.0.0.1:{Port}{path}", path);
    }

    /// <summary>The next answers to requests on <paramref name="path"/>, in order.</summary>
    public void Answer(string path, params ScriptedResponse[] responses)
    {
        var script = _scripts.GetOrAdd(path, _ => new ConcurrentQueue<ScriptedResponse>());
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }
    }

    /// <summary>The answer on <paramref name="path"/> once its script is empty (200 unless set).</summary>
    public void Otherwise(string path, ScriptedResponse response) => _otherwise[path] = response;

    public IReadOnlyList<ReceivedRequest> To(string path) => _received.Where(r => r.Path == path).ToList();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        _received.Enqueue(new ReceivedRequest(context.Request.Path, context.Request.Method, context.Request.ContentType, headers, body.ToArray()));
        var path = context.Request.Path.Value ?? "";
        var response = _scripts.TryGetValue(path, out var script) && script.TryDequeue(out var scripted)
            ? scripted
            : _otherwise.GetValueOrDefault(path, new ScriptedResponse(200));
        context.Response.StatusCode = response.Status;
        if (response.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = response.RetryAfter;
        }
    }
}
