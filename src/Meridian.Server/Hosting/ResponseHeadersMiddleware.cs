using System.Diagnostics;
using Meridian.SharedKernel.Modules;
using Microsoft.Extensions.Options;

namespace Meridian.Server.Hosting;

/// <summary>
/// Every response names the region that served it and carries a request id: the caller's own
/// <c>X-Request-Id</c> when it is well-formed (so a kiosk can correlate its retries), else a new one.
/// </summary>
internal sealed class ResponseHeadersMiddleware(RequestDelegate next, IOptions<ServerOptions> options, ILogger<ResponseHeadersMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";
    public const string RegionHeader = "X-Meridian-Region";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[RequestIdHeader].ToString();
        if (!IsWellFormed(requestId))
        {
            requestId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        }
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[RequestIdHeader] = requestId;
            context.Response.Headers[RegionHeader] = options.Value.Region;
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
        {
            await next(context);
        }
    }

    private static bool IsWellFormed(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
