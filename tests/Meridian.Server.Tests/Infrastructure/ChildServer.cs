using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Meridian.Server.Tests.Infrastructure;

/// <summary>
/// The Server's dll run as a child process on the store <paramref name="store"/> provisioned (a SQLite file or a
/// PostgreSQL database with its Redis and NATS), killed with SIGKILL and restarted on it: what the crash tests kill.
/// <see cref="Settings"/> go on the command line of the next start, after the store's.
/// </summary>
internal sealed class ChildServer(MeridianApp store, int demoProducts) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Process? _process;
    private TaskCompletionSource<string> _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _log = new();

    public Dictionary<string, string> Settings { get; } = new();

    public int Starts { get; private set; }

    /// <summary>The base address once the server answers; clients whose request failed wait here.</summary>
    public Task<string> WhenUp()
    {
        lock (_gate)
        {
            return _up.Task;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dll = typeof(Program).Assembly.Location;
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            dll, "--environment", "Development", "--urls", url,
            "--Logging:LogLevel:Default=Warning",
        }.Concat(store.Settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}"))
            .Append("--Meridian:DemoProducts=" + demoProducts.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Concat(Settings.Select(s => $"--{s.Key}={s.Value}")))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The server did not become ready (exited: {process.HasExited}):\n{Tail()}");
            }
            try
            {
                using var ready = await probe.GetAsync(url + "/health/ready", cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(50, cancellationToken);
        }
        lock (_gate)
        {
            _up.TrySetResult(url);
        }
    }

    public async Task KillAsync()
    {
        lock (_gate)
        {
            if (_up.Task.IsCompleted)
            {
                _up = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        lock (_gate)
        {
            _up.TrySetCanceled();
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 60)
            {
                _log.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_log)
        {
            return string.Join('\n', _log);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
