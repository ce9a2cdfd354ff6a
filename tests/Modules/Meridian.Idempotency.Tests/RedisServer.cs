using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Meridian.SharedKernel.Redis;
using StackExchange.Redis;

namespace Meridian.Idempotency.Tests;

/// <summary>
/// A real redis-server on a free loopback port, in a folder of its own, started and stopped by the tests
/// (Debian's redis-server; .ci/run installs it). Stop and start again to drill an outage.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("meridian-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public IConnectionMultiplexer Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await StartAsync();
        Client = await ConnectionMultiplexer.ConnectAsync(MeridianRedis.Options(ConnectionString));
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", _folder, "--logfile", Path.Combine(_folder, "redis.log") })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await AcceptsAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not accept connections on {Port}.");
            }
            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Client?.Dispose();
        Directory.Delete(_folder, recursive: true);
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
