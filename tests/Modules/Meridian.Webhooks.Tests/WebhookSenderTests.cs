using System.Net;
using Meridian.Webhooks.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Webhooks.Tests;

/// <summary>
/// The delivery-time check, on the address the socket actually connects to: a host name that resolves to
/// loopback (as a rebinding DNS answer would) is refused without a byte reaching the receiver.
/// </summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private WebApplication _receiver = null!;
    private int _requests;
    private int _port;

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task a_loopback_target_is_refused_at_connect_time(string host)
    {
        using var sender = Sender(allowLoopback: false);

        var result = await SendAsync(sender, $"http://{host}:{_port}/hook");

        Assert.Null(result.StatusCode);
        Assert.Equal("Refused: the host resolves to a loopback address.", result.Error);
        Assert.Equal(0, _requests);
    }

    [Fact]
    public async Task with_the_test_setting_loopback_is_reached()
    {
        using var sender = Sender(allowLoopback: true);

        var result = await SendAsync(sender, $"http://localhost:{_port}/hook");

        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Error);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task a_redirect_is_not_followed()
    {
        using var sender = Sender(allowLoopback: true);

        var result = await SendAsync(sender, $"http://127.0.0.1:{_port}/redirect");

        Assert.Equal(302, result.StatusCode);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task retry_after_is_read_from_a_503()
    {
        using var sender = Sender(allowLoopback: true);

        var result = await SendAsync(sender, $"http://127.0.0.1:{_port}/busy");

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.Run(context =>
        {
            Interlocked.Increment(ref _requests);
            if (context.Request.Path == "/redirect")
            {
                context.Response.Redirect($"http://127.0.0.1:{_port}/hook");
            }
            else if (context.Request.Path == "/busy")
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "30";
            }
            return Task.CompletedTask;
        });
        await _receiver.StartAsync();
        _port = new Uri(_receiver.Urls.Single()).Port;
    }

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    private static WebhookSender Sender(bool allowLoopback) =>
        new(Options.Create(new WebhooksOptions { AllowLoopback = allowLoopback, AttemptTimeout = TimeSpan.FromSeconds(10) }));

    private static Task<AttemptResult> SendAsync(WebhookSender sender, string url) =>
        sender.SendAsync(new Uri(url), "evt_1", 1700000000, "v1,x", "{}"u8.ToArray(), TestContext.Current.CancellationToken);
}
