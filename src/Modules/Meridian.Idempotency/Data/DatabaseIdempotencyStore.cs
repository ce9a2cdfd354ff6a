using System.Text.Json;
using Meridian.SharedKernel.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Idempotency.Data;

/// <summary>
/// Claims a key by inserting its row: the primary key makes the insert the lock, so of two
/// concurrent requests exactly one wins. A stale lease is taken over with a conditional update.
/// </summary>
internal sealed class DatabaseIdempotencyStore(IdempotencyDbContext db, TimeProvider time) : IIdempotencyStore
{
    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.Records.Add(new IdempotencyRecord { Scope = scope, Key = key, Fingerprint = fingerprint, LeaseUntil = now + lease, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new IdempotencyClaim.Claimed();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
        var existing = await db.Records.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken);
        if (existing is null)
        {
            return await ClaimAsync(scope, key, fingerprint, lease, cancellationToken);
        }
        if (existing.Fingerprint != fingerprint)
        {
            return new IdempotencyClaim.Mismatch();
        }
        if (existing.Completed)
        {
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(existing.Headers ?? "{}") ?? [];
            return new IdempotencyClaim.Completed(new StoredResponse(existing.Status ?? 200, existing.ContentType, existing.Body ?? [], headers));
        }
        if (existing.LeaseUntil > now)
        {
            return new IdempotencyClaim.InFlight();
        }
        var takenOver = await db.Records
            .Where(r => r.Scope == scope && r.Key == key && !r.Completed && r.LeaseUntil == existing.LeaseUntil)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseUntil, now + lease), cancellationToken);
        return takenOver == 1 ? new IdempotencyClaim.Claimed() : new IdempotencyClaim.InFlight();
    }

    public async Task CompleteAsync(string scope, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        var headers = JsonSerializer.Serialize(response.Headers);
        await db.Records.Where(r => r.Scope == scope && r.Key == key)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Completed, true)
                .SetProperty(r => r.Status, response.Status)
                .SetProperty(r => r.ContentType, response.ContentType)
                .SetProperty(r => r.Body, response.Body)
                .SetProperty(r => r.Headers, headers), cancellationToken);
    }

    public Task ReleaseAsync(string scope, string key, CancellationToken cancellationToken) =>
        db.Records.Where(r => r.Scope == scope && r.Key == key && !r.Completed).ExecuteDeleteAsync(cancellationToken);
}
