using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Meridian.Bench;

/// <summary>
/// The baseline: bare Kestrel with one minimal-API route that returns a fixed JSON body, with no
/// middleware, authentication or logging. It runs as a child process of this program (the
/// <c>baseline</c> command) with server GC, like the Server, so both sit on equal footing.
/// </summary>
internal static class BaselineServer
{
    public const string Command = "baseline";
    public const string Route = "/baseline";

    /// <summary>Runs the baseline until killed: <c>baseline --port N --body-file PATH</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(Argument(args, "--port"), System.Globalization.CultureInfo.InvariantCulture);
        var body = await File.ReadAllBytesAsync(Argument(args, "--body-file"));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet(Route, () => Results.Bytes(body, "application/json; charset=utf-8"));
        app.MapGet("/health/ready", () => Results.Text("ready"));
        await app.RunAsync();
        return 0;
    }

    /// <summary>How to start this program again as the baseline child.</summary>
    public static (string FileName, List<string> Arguments) CommandLine(int port, string bodyFile)
    {
        var self = typeof(BaselineServer).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            arguments.Add(self);
        }
        arguments.AddRange([Command, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--body-file", bodyFile]);
        return (host, arguments);
    }

    private static string Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : throw new ArgumentException($"{name} is required.");
    }
}
