using Meridian.SharedKernel.Redis;
using StackExchange.Redis;

namespace Meridian.Idempotency.Tests;

/// <summary>A real redis-server with a client connected the way the Server connects (short timeouts, no fatal connect).</summary>
public sealed class ConnectedRedis : Meridian.Testing.RedisServer
{
    public IConnectionMultiplexer Client { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Client = await ConnectionMultiplexer.ConnectAsync(MeridianRedis.Options(ConnectionString));
    }

    public override async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
    }
}
