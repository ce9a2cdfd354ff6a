using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Meridian.Bench;

/// <summary>
/// A server under test, started as a child process on a loopback port. Its output is drained into a
/// bounded buffer (a full pipe would stall it) so that log lines such as the seeding time can be read.
/// </summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private const int MaxLines = 2000;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StreamWriter? _log;
    private bool _logClosed;

    private ChildServer(string name, Process process, int port, string? logPath)
    {
        Name = name;
        _process = process;
        _log = logPath is null ? null : new StreamWriter(logPath, append: false) { AutoFlush = false };
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    public IEnumerable<string> Lines => _lines;

    public static ChildServer Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory,
        int port, IReadOnlyDictionary<string, string>? environment = null, string? logPath = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var server = new ChildServer(name, process, port, logPath);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200, the process dies, or the deadline passes.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan deadline)
    {
        using var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready:\n{Tail(30)}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not ready within {deadline.TotalSeconds:0} s:\n{Tail(30)}");
    }

    /// <summary>
    /// Waits until something accepts TCP connections on the port (for services without an HTTP health check),
    /// failing early when the process dies.
    /// </summary>
    public async Task WaitUntilAcceptingAsync(TimeSpan deadline)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it accepted connections:\n{Tail(30)}");
            }
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Name} did not accept connections on {Port} within {deadline.TotalSeconds:0} s:\n{Tail(30)}");
    }

    /// <summary>
    /// Asks the process to stop with SIGINT (PostgreSQL's fast shutdown: a clean checkpoint, so the next run's start
    /// needs no crash recovery; Redis and NATS exit cleanly on it too), and kills it if it has not exited in time.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // DisposeAsync kills what did not stop.
        }
    }

    /// <summary>The process's memory from <c>/proc/&lt;pid&gt;/status</c>, in bytes: VmRSS, VmHWM (peak), RssAnon; null off Linux.</summary>
    public ProcessMemory? ReadMemory()
    {
        var path = $"/proc/{_process.Id}/status";
        if (!File.Exists(path))
        {
            return null;
        }
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !line.EndsWith(" kB", StringComparison.Ordinal))
            {
                continue;
            }
            var number = line[(colon + 1)..^3].Trim();
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                fields[line[..colon]] = kb * 1024;
            }
        }
        return new ProcessMemory(
            fields.GetValueOrDefault("VmRSS"),
            fields.GetValueOrDefault("VmHWM"),
            fields.GetValueOrDefault("RssAnon"));
    }

    public string Tail(int count) => string.Join('\n', _lines.TakeLast(count));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _process.Dispose();
        if (_log is not null)
        {
            lock (_log)
            {
                _log.Dispose();
                _logClosed = true;
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        if (_log is not null)
        {
            // Every line, not just the last ones kept in memory: what a diagnostic log level prints is read afterwards.
            lock (_log)
            {
                if (!_logClosed)
                {
                    _log.WriteLine(line);
                }
            }
        }
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }
}

/// <summary>Resident memory of a process, in bytes.</summary>
internal sealed record ProcessMemory(long Resident, long PeakResident, long Anonymous);
