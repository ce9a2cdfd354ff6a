using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Meridian.SharedKernel.Data;

/// <summary>The engines a region's database can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one SQLite file, nothing to install.</summary>
    Sqlite,

    /// <summary>The production profile: one PostgreSQL database per region, shared by the region's replicas.</summary>
    Postgres,
}

/// <summary>
/// The region's database: which engine, which connection string, and where local files (keys, the marketplace
/// simulator) live beside it. The one place that knows the provider; modules ask it for connections and options.
/// </summary>
public sealed class RegionDatabase
{
    /// <summary>The setting that picks the engine: <c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public const string ProviderSetting = "Meridian:Database:Provider";

    /// <summary>The setting that places local files; by default the SQLite file's folder, else the content root's <c>data/</c>.</summary>
    public const string DataFolderSetting = "Meridian:DataFolder";

    /// <summary>Reads the region's database settings; relative SQLite paths are under <paramref name="contentRoot"/>.</summary>
    public RegionDatabase(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Provider = ProviderOf(configuration);
        var configured = configuration.GetConnectionString(ModuleDatabase.ConnectionStringName);
        ConnectionString = Provider switch
        {
            DatabaseProvider.Postgres => Postgres(configured is { Length: > 0 }
                ? configured
                : throw new InvalidOperationException($"{ProviderSetting} is postgres but ConnectionStrings:{ModuleDatabase.ConnectionStringName} is not set.")),
            _ => ResolveSqlite(configured ?? ModuleDatabase.EmbeddedDefault, contentRoot),
        };
        DataFolder = configuration[DataFolderSetting] is { Length: > 0 } folder
            ? Path.GetFullPath(Path.Combine(contentRoot, folder))
            : SqliteFolder() ?? Path.Combine(contentRoot, "data");
        Directory.CreateDirectory(DataFolder);
    }

    /// <summary>The engine.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The connection string, completed with Meridian's defaults.</summary>
    public string ConnectionString { get; }

    /// <summary>Where the Server keeps local files (the token signing key when none is configured, the marketplace simulator's file).</summary>
    public string DataFolder { get; }

    /// <summary>The provider <paramref name="configuration"/> asks for; an unknown name fails start-up rather than falling back.</summary>
    public static DatabaseProvider ProviderOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[ProviderSetting]?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"{ProviderSetting} '{other}' is unknown: use sqlite or postgres."),
        };
    }

    /// <summary>A new, closed connection to the region's database.</summary>
    public DbConnection CreateConnection() => Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);

    /// <summary>Points <paramref name="options"/> at the region's database, with the module's own migration history table.</summary>
    public void Configure(DbContextOptionsBuilder options, string moduleName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var history = $"__{moduleName}_migrations";
        if (Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(ConnectionString, npgsql => npgsql
                .MigrationsHistoryTable(history)
                .ExecutionStrategy(dependencies => new BriefRetries(dependencies)));
        }
        else
        {
            options.UseSqlite(ConnectionString, sqlite => sqlite.MigrationsHistoryTable(history)).AddInterceptors(SqliteBusyTimeout.Instance);
        }
    }

    /// <summary>
    /// Makes a relative SQLite path relative to the content root, not to whichever folder the
    /// process was started from, and creates its folder.
    /// </summary>
    public static string ResolveSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && !Path.IsPathRooted(path))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, path));
        }
        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        builder.DefaultTimeout = builder.DefaultTimeout == 30 ? 5 : builder.DefaultTimeout;
        return builder.ToString();
    }

    /// <summary>
    /// Npgsql's defaults wait 15 s to connect; a store whose database is down must answer 503 at once, so an
    /// unset connect timeout becomes 2 s. A set value is the operator's and stays.
    /// </summary>
    private static string Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 2;
        }
        builder.ApplicationName ??= "meridian";
        return builder.ConnectionString;
    }

    private string? SqliteFolder() =>
        Provider == DatabaseProvider.Sqlite
        && new SqliteConnectionStringBuilder(ConnectionString).DataSource is { Length: > 0 } path && path != ":memory:"
            ? Path.GetDirectoryName(path)
            : null;
}
