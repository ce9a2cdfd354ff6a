using System.Collections.Concurrent;
using Meridian.Events.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meridian.Events.Dispatch;

/// <summary>
/// Leases in <c>events_leases</c>: when several replicas share a database, exactly one of them runs the
/// dispatcher of the region and each consumer. A holder renews its lease when half of it has passed; a
/// crashed holder's lease expires after <see cref="EventsOptions.LeaseDuration"/> and another replica takes it.
/// </summary>
internal sealed class Leases(IServiceScopeFactory scopes, TimeProvider time, IOptions<EventsOptions> options)
{
    private readonly ConcurrentDictionary<string, long> _heldUntil = new(StringComparer.Ordinal);

    /// <summary>This process's identity as a lease holder.</summary>
    public string Holder { get; } = Guid.NewGuid().ToString("N");

    public async Task<bool> TryHoldAsync(string name, CancellationToken cancellationToken)
    {
        var now = Sql.Ms(time.GetUtcNow());
        var duration = (long)options.Value.LeaseDuration.TotalMilliseconds;
        if (_heldUntil.TryGetValue(name, out var until) && until - now > duration / 2)
        {
            return true;
        }
        var expires = now + duration;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var taken = await Sql.ExecuteAsync(connection,
            """INSERT INTO "events_leases" ("Name", "Holder", "ExpiresAt") VALUES (@name, @holder, @expires) ON CONFLICT DO NOTHING""",
            cancellationToken, ("@name", name), ("@holder", Holder), ("@expires", expires)) == 1
            || await Sql.ExecuteAsync(connection,
                """UPDATE "events_leases" SET "Holder" = @holder, "ExpiresAt" = @expires WHERE "Name" = @name AND ("Holder" = @holder OR "ExpiresAt" < @now)""",
                cancellationToken, ("@name", name), ("@holder", Holder), ("@expires", expires), ("@now", now)) == 1;
        if (taken)
        {
            _heldUntil[name] = expires;
        }
        else
        {
            _heldUntil.TryRemove(name, out _);
        }
        return taken;
    }

    /// <summary>
    /// Gives the lease up so another replica (or this one restarted) takes over without waiting for expiry. Best effort:
    /// when the host has already disposed the container (seen when a test host shuts down), the lease simply expires.
    /// </summary>
    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        if (!_heldUntil.TryRemove(name, out _))
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await Sql.ExecuteAsync(db.Database.GetDbConnection(),
                """UPDATE "events_leases" SET "ExpiresAt" = 0 WHERE "Name" = @name AND "Holder" = @holder""",
                cancellationToken, ("@name", name), ("@holder", Holder));
        }
        catch (ObjectDisposedException)
        {
            // The container is gone: nothing left to release with, and the lease expires by itself.
        }
    }
}
