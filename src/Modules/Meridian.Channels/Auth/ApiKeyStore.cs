using System.Collections.Concurrent;
using Meridian.Channels.Data;
using Meridian.Channels.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Channels.Auth;

/// <summary>
/// Resolves a presented key to its record. Every request presents a key, so lookups are served from
/// memory; entries are re-read after <see cref="RefreshAfter"/> so a key revoked on another replica
/// stops working soon. When the database is down, the last known record keeps answering: a
/// database outage must not take the read-only catalog down with it.
/// </summary>
internal sealed class ApiKeyStore(IServiceScopeFactory scopes, TimeProvider time)
{
    internal static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);

    public async Task<ApiKey?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKey.HashOf(key);
        var now = time.GetUtcNow();
        if (_byHash.TryGetValue(hash, out var cached) && now - cached.LoadedAt < RefreshAfter)
        {
            return cached.Key;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChannelsDbContext>();
            var found = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, cancellationToken);
            _byHash[hash] = new Entry(found, now);
            return found;
        }
        catch (Exception) when (cached is not null && !cancellationToken.IsCancellationRequested)
        {
            return cached.Key;
        }
    }

    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelsDbContext>();
        var now = time.GetUtcNow();
        await foreach (var key in db.ApiKeys.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            _byHash[key.Hash] = new Entry(key, now);
        }
    }

    public void Remember(ApiKey key) => _byHash[key.Hash] = new Entry(key, time.GetUtcNow());

    private sealed record Entry(ApiKey? Key, DateTimeOffset LoadedAt);
}
