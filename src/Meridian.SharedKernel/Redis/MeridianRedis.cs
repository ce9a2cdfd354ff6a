using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Meridian.SharedKernel.Redis;

/// <summary>
/// The production profile's Redis (connection string <c>Redis</c>): idempotency records, shared caches and
/// rate-limit counters live there when it is configured, in the region's database otherwise. One multiplexer per
/// process, connected lazily and never fatally: with Redis down, calls fail within a second and the API answers
/// 503 with Retry-After instead of hanging, and the multiplexer reconnects by itself when Redis returns.
/// </summary>
public static class MeridianRedis
{
    /// <summary>The connection string name.</summary>
    public const string ConnectionStringName = "Redis";

    /// <summary>Whether Redis is configured.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName));

    /// <summary>Registers the shared <see cref="IConnectionMultiplexer"/> once, however many modules ask.</summary>
    public static IServiceCollection AddMeridianRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer)))
        {
            return services;
        }
        var options = Options(configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set."));
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return services;
    }

    /// <summary>The client options: short timeouts so an outage is a fast 503, and no failure at start-up.</summary>
    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 1000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 1000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 1000);
        options.ConnectRetry = 1;
        return options;
    }

    /// <summary>Runs a Redis call, turning a connection failure or timeout into <see cref="DependencyUnavailableException"/>.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException || IsTransientServerState(exception))
        {
            throw new DependencyUnavailableException("redis", exception);
        }
    }

    /// <summary>
    /// Errors Redis answers while it cannot serve writes for a while: full under <c>noeviction</c> (OOM), loading its
    /// data after a restart, a replica during failover, a script running too long. The client retrying later is the
    /// answer (503), not a 500: none of them is the request's fault.
    /// </summary>
    private static bool IsTransientServerState(Exception exception) =>
        exception is RedisServerException server
        && TransientPrefixes.Any(prefix => server.Message.StartsWith(prefix, StringComparison.Ordinal));

    private static readonly string[] TransientPrefixes = ["OOM ", "LOADING ", "READONLY ", "MASTERDOWN ", "BUSY ", "TRYAGAIN "];
}
