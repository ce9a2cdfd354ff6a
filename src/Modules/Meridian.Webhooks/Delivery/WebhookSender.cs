using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Meridian.Webhooks.Domain;
using Microsoft.Extensions.Options;

namespace Meridian.Webhooks.Delivery;

/// <summary>What one attempt came to.</summary>
internal sealed record AttemptResult(int? StatusCode, TimeSpan Duration, string? Error, TimeSpan? RetryAfter);

/// <summary>Refused by <see cref="AddressPolicy"/> at connect time.</summary>
internal sealed class AddressRefusedException(string message) : IOException(message);

/// <summary>
/// Sends one signed request. Its handler resolves the host itself and checks every address in the connect
/// callback, so the check applies to the address the socket really connects to: a name that resolved to a
/// public address at registration and to 127.0.0.1 now (DNS rebinding) is still refused. No proxy (it would
/// make the connect callback see the proxy, not the target), no redirects (a 3xx could point anywhere), no cookies.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    public const string MediaType = "application/json";

    private readonly HttpClient _client;

    public WebhookSender(IOptions<WebhooksOptions> options)
    {
        var settings = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = settings.AttemptTimeout,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, settings.AllowLoopback, cancellationToken),
        };
        _client = new HttpClient(handler) { Timeout = settings.AttemptTimeout };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Meridian-Webhooks", "1.0"));
    }

    public async Task<AttemptResult> SendAsync(Uri url, string messageId, long timestamp, string signature, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(MediaType) } },
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var error = response.IsSuccessStatusCode ? null : $"The receiver answered {status}.";
            return new AttemptResult(status, watch.Elapsed, error, RetryAfter(response));
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(null, watch.Elapsed, Describe(e), null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(null, watch.Elapsed, $"No response within {_client.Timeout.TotalSeconds:0} s.", null);
        }
    }

    public void Dispose() => _client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowLoopback, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        foreach (var address in addresses)
        {
            if (AddressPolicy.Refusal(address, allowLoopback) is { } reason)
            {
                throw new AddressRefusedException($"Refused: the host resolves to {reason}.");
            }
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A short reason for the delivery log: never the URL, which may carry a receiver's token.</summary>
    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AddressRefusedException refused)
            {
                return refused.Message;
            }
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "The host does not resolve.",
            HttpRequestError.ConnectionError => "Could not connect.",
            HttpRequestError.SecureConnectionError => "The TLS handshake failed.",
            _ => "The request failed: " + e.HttpRequestError + ".",
        };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }
        if (header.Delta is { } delta)
        {
            return delta;
        }
        if (header.Date is { } date && response.Headers.Date is { } now)
        {
            return date - now;
        }
        return null;
    }
}
