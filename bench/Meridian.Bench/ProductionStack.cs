using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Meridian.Bench;

/// <summary>
/// The production profile's services, started by the bench as child processes on free loopback ports: a PostgreSQL
/// cluster, a redis-server and a nats-server with JetStream, from Debian's packages.
/// <para>
/// Why the bench starts them itself rather than with <c>deploy/local-stack.sh</c> or <c>tests/Meridian.Testing</c>:
/// the stack script uses fixed ports that another worktree's stack may hold, and publishes and runs a Server of its
/// own; the tests' services live in a temporary folder deleted after each run and run PostgreSQL with
/// <c>fsync=off</c>. The bench needs a cluster it can keep between runs (seeding 100,000 products is the slow part,
/// as with the embedded SQLite file), durable commits as in production (PostgreSQL's defaults: <c>fsync</c> and
/// <c>synchronous_commit</c> on), and free ports, with every process stopped with the run.
/// </para>
/// <para>
/// Kept in <c>$TMPDIR/meridian-bench/production-&lt;products&gt;/</c>: <c>postgres/</c> (the cluster), <c>nats/</c> (the
/// JetStream store, kept with the cluster because the Server's NATS watermark lives in the database) and
/// <c>server/</c> (the Server's data folder: key ring, token key). Redis holds only idempotency records here, so it
/// starts empty each run (append-only file on and <c>noeviction</c>, as in <c>deploy/</c>).
/// </para>
/// </summary>
internal sealed class ProductionStack : IAsyncDisposable
{
    public const string Database = "meridian";
    private const string User = "meridian";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly List<ChildServer> _services = [];
    private readonly string _redisFolder;

    private ProductionStack(string folder)
    {
        Folder = folder;
        _redisFolder = Path.Combine(folder, "redis-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The profile's folder: the cluster, the NATS store and the Server's data folder.</summary>
    public string Folder { get; }

    public string ServerDataFolder => Path.Combine(Folder, "server");

    public int PostgresPort { get; private set; }

    public string RedisConnectionString { get; private set; } = "";

    public string NatsUrl { get; private set; } = "";

    /// <summary>Whether the cluster already held the Server's database when the run started.</summary>
    public bool Reused { get; private set; }

    /// <summary>Debian's PostgreSQL programs (the newest installed version).</summary>
    public static string PostgresBin { get; } = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var n) ? n : 0)
            .Select(v => Path.Combine(v, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "postgres"))) ?? ""
        : "";

    /// <summary>A connection string to <paramref name="database"/> as the cluster's superuser (trust on loopback: a throw-away bench cluster).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = PostgresPort,
        Username = User,
        Database = database,
        Timeout = 5,
    }.ConnectionString;

    public static async Task<ProductionStack> StartAsync(string folder, bool fresh)
    {
        if (PostgresBin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): apt-get install postgresql redis-server nats-server.");
        }
        if (fresh && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        var stack = new ProductionStack(folder);
        try
        {
            await stack.StartPostgresAsync();
            await stack.StartRedisAsync();
            await stack.StartNatsAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Server's connection string: no timeout of ours, so the Server applies its own defaults as in production.</summary>
    public string ServerConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = PostgresPort,
        Username = User,
        Database = Database,
    }.ConnectionString;

    /// <summary>Drops and creates <paramref name="database"/> (the pgbench baseline's scratch database).</summary>
    public async Task RecreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    private async Task StartPostgresAsync()
    {
        var home = Path.Combine(Folder, "postgres");
        var data = Path.Combine(home, "data");
        Directory.CreateDirectory(home);
        OwnByPostgres(home);
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            Directory.CreateDirectory(data);
            OwnByPostgres(data);
            await RunToEndAsync(AsPostgres(Path.Combine(PostgresBin, "initdb"),
                ["-D", data, "-U", User, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]), "initdb");
        }
        PostgresPort = ChildServer.FreePort();
        var (program, arguments) = AsPostgres(Path.Combine(PostgresBin, "postgres"),
        [
            "-D", data, "-p", PostgresPort.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", home,
            // The Server's pool (100 by default), the pgbench clients and the bench's own connections, with room.
            "-c", "max_connections=300", "-c", "logging_collector=off",
        ]);
        var postgres = Start("postgres", program, arguments, home, PostgresPort);
        await postgres.WaitUntilAcceptingAsync(StartTimeout);
        // Accepting a TCP connection comes before accepting sessions (crash recovery after a killed run); wait for a query.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync();
                await using var exists = new NpgsqlCommand($"SELECT count(*) FROM pg_database WHERE datname = '{Database}'", connection);
                Reused = (long)(await exists.ExecuteScalarAsync())! > 0;
                if (!Reused)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database}\"", connection);
                    await create.ExecuteNonQueryAsync();
                }
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task StartRedisAsync()
    {
        Directory.CreateDirectory(_redisFolder);
        var port = ChildServer.FreePort();
        var redis = Start("redis-server", Program("redis-server"),
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _redisFolder,
            "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction",
        ], _redisFolder, port);
        await redis.WaitUntilAcceptingAsync(StartTimeout);
        RedisConnectionString = $"127.0.0.1:{port}";
    }

    private async Task StartNatsAsync()
    {
        var home = Path.Combine(Folder, "nats");
        Directory.CreateDirectory(home);
        var port = ChildServer.FreePort();
        var nats = Start("nats-server", Program("nats-server", "/usr/sbin"),
            ["-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-js", "-sd", Path.Combine(home, "jetstream")], home, port);
        await nats.WaitUntilAcceptingAsync(StartTimeout);
        NatsUrl = $"nats://127.0.0.1:{port}";
    }

    private ChildServer Start(string name, string program, IEnumerable<string> arguments, string folder, int port)
    {
        var service = ChildServer.Start(name, program, arguments, folder, port);
        _services.Add(service);
        return service;
    }

    /// <summary>The cluster's log lines (PostgreSQL writes them to stderr with the logging collector off), for a failure message.</summary>
    public string PostgresTail(int lines) => _services.FirstOrDefault(s => s.Name == "postgres")?.Tail(lines) ?? "";

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // In reverse: nothing else depends on PostgreSQL stopping first, but its checkpoint takes the longest.
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.StopAsync(TimeSpan.FromSeconds(30));
            await service.DisposeAsync();
        }
        try
        {
            if (Directory.Exists(_redisFolder))
            {
                Directory.Delete(_redisFolder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file a dying redis-server still holds goes with the next --fresh; it must not fail the run.
        }
    }

    /// <summary>PostgreSQL refuses to run as root; as root (this machine, CI) it runs as the package's postgres user, as the tests do.</summary>
    private static (string Program, List<string> Arguments) AsPostgres(string program, IEnumerable<string> arguments) =>
        Environment.UserName == "root"
            ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", program, .. arguments])
            : (program, [.. arguments]);

    private static void OwnByPostgres(string path)
    {
        if (Environment.UserName != "root")
        {
            return;
        }
        using var chown = Process.Start("chown", ["postgres:postgres", path]) ?? throw new InvalidOperationException("chown did not start.");
        chown.WaitForExit();
    }

    private static async Task RunToEndAsync((string Program, List<string> Arguments) command, string name)
    {
        var info = new ProcessStartInfo(command.Program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        command.Arguments.ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} failed ({process.ExitCode}): {errors}{await output}");
        }
    }

    private static string Program(string name, params string[] folders)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(folders))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"{name} is not installed: apt-get install postgresql redis-server nats-server.");
    }
}
