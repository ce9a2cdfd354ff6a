using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Meridian.Testing;

/// <summary>
/// A real server process of a Debian package on a free loopback port, in a folder of its own, started and stopped by
/// the tests. <see cref="StopAsync"/> and <see cref="StartAsync"/> again drill an outage on the same port and data.
/// </summary>
public abstract class LocalServer : IAsyncLifetime
{
    private Process? _process;

    /// <summary>A folder of this server's own, deleted with it.</summary>
    protected string Folder { get; } = Directory.CreateTempSubdirectory("meridian-service-").FullName;

    /// <summary>The loopback port it listens on, the same after a restart.</summary>
    public int Port { get; } = FreePort();

    /// <summary>What the server is called in failure messages.</summary>
    protected abstract string Name { get; }

    /// <summary>How to start it: the program and its arguments.</summary>
    protected abstract ProcessStartInfo StartInfo();

    /// <summary>What runs once before the first start (creating a data folder, say).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>What a started server needs before tests use it, after it accepts connections.</summary>
    protected virtual Task WhenReadyAsync() => Task.CompletedTask;

    public virtual async ValueTask InitializeAsync()
    {
        await PrepareAsync();
        await StartAsync();
    }

    /// <summary>Starts the process and returns once it accepts connections on <see cref="Port"/>.</summary>
    public async Task StartAsync()
    {
        var start = StartInfo();
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start.");
        // Drained so a chatty server never blocks on a full pipe; the server's own log file is what to read.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AcceptsAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{Name} did not accept connections on {Port}; see its files in {Folder}.");
            }
            await Task.Delay(20);
        }
        await WhenReadyAsync();
    }

    /// <summary>Kills the process (no clean shutdown: an outage, not a maintenance window) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file a dying process still holds is cleaned with the temp folder; it must not fail a test.
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Where a program of a Debian package is: on PATH, or in the package's own folder.</summary>
    protected static string Program(string name, params string[] folders)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(folders))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            $"{name} is not installed. The tests start real services: apt-get install postgresql redis-server nats-server (./test.sh does).");
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
