using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Meridian.Testing;

/// <summary>
/// A real PostgreSQL cluster (Debian's postgresql) made by initdb in a folder of its own. Each test host asks for a
/// database of its own (<see cref="CreateDatabaseAsync"/>), so collections never see each other's rows. Durability
/// (fsync) is off because a test cluster is thrown away and only its processes are killed, never the machine; the SQL,
/// locking and isolation are PostgreSQL's own.
/// </summary>
public sealed class PostgresServer : LocalServer
{
    private const string User = "meridian";

    private static readonly string[] BinFolders = Directory.Exists("/usr/lib/postgresql")
        ? [.. Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(v => Path.Combine(v, "bin"))]
        : [];

    private string DataFolder => Path.Combine(Folder, "data");

    /// <summary>The cluster's maintenance database, for creating and dropping others.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    protected override string Name => "postgres";

    /// <summary>A connection string to <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Creates an empty database of a fresh name; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "meridian")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    protected override async Task PrepareAsync()
    {
        Directory.CreateDirectory(DataFolder);
        OwnByServerUser(Folder);
        OwnByServerUser(DataFolder);
        var initdb = AsServerUser(Program("initdb", BinFolders));
        foreach (var argument in new[] { "-D", DataFolder, "-U", User, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync" })
        {
            initdb.ArgumentList.Add(argument);
        }
        initdb.UseShellExecute = false;
        initdb.RedirectStandardOutput = true;
        initdb.RedirectStandardError = true;
        using var process = Process.Start(initdb) ?? throw new InvalidOperationException("initdb did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({process.ExitCode}): {errors}{await output}");
        }
    }

    protected override ProcessStartInfo StartInfo()
    {
        var start = AsServerUser(Program("postgres", BinFolders));
        foreach (var argument in new[]
                 {
                     "-D", DataFolder, "-p", Port.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", Folder,
                     "-c", "fsync=off", "-c", "full_page_writes=off",
                     "-c", "max_connections=400", "-c", "shared_buffers=128MB", "-c", "logging_collector=off",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    protected override async Task WhenReadyAsync()
    {
        // Accepting a TCP connection comes before accepting sessions during crash recovery; wait for a real query.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await base.DisposeAsync();
    }

    /// <summary>PostgreSQL refuses to run as root; as root (CI, containers) it runs as the package's postgres user.</summary>
    private static ProcessStartInfo AsServerUser(string program)
    {
        if (Environment.UserName != "root")
        {
            return new ProcessStartInfo(program);
        }
        var start = new ProcessStartInfo("setpriv");
        foreach (var argument in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", program })
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private static void OwnByServerUser(string path)
    {
        if (Environment.UserName != "root")
        {
            return;
        }
        using var chown = Process.Start("chown", ["postgres:postgres", path]) ?? throw new InvalidOperationException("chown did not start.");
        chown.WaitForExit();
    }
}
