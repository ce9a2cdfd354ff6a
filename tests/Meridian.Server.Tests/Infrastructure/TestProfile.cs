using Meridian.Testing;

namespace Meridian.Server.Tests.Infrastructure;

/// <summary>
/// Which profile the Server tests run against, from <c>MERIDIAN_TEST_PROFILE</c>: <c>embedded</c> (the default: a
/// SQLite file per host, in-process events, no Redis) or <c>production</c> (a database of its own per host on one
/// real PostgreSQL cluster per test run, and a real Redis and NATS JetStream of its own per host). The same tests run
/// against both; <c>./test.sh</c> runs them twice.
/// </summary>
public static class TestProfile
{
    private static readonly Lazy<Task<PostgresServer>> Cluster = new(StartClusterAsync);

    public static bool IsProduction { get; } = (Environment.GetEnvironmentVariable("MERIDIAN_TEST_PROFILE") ?? "embedded").Trim().ToUpperInvariant() switch
    {
        "EMBEDDED" or "" => false,
        "PRODUCTION" => true,
        var other => throw new InvalidOperationException($"MERIDIAN_TEST_PROFILE '{other}' is unknown: use embedded or production."),
    };

    public static string Name => IsProduction ? "production" : "embedded";

    /// <summary>The test run's PostgreSQL cluster, started on first use and stopped when the test process exits.</summary>
    public static Task<PostgresServer> PostgresAsync() => Cluster.Value;

    private static async Task<PostgresServer> StartClusterAsync()
    {
        var cluster = new PostgresServer();
        await cluster.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster;
    }
}
