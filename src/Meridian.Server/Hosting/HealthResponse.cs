using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Meridian.Server.Hosting;

/// <summary>Health as JSON (<c>{"status":"Healthy","checks":{…}}</c>) so probes and the ops console read one shape.</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
