namespace Meridian.SharedKernel.Idempotency;

/// <summary>A response kept so that a retry with the same key gets the same answer.</summary>
public sealed record StoredResponse(int Status, string? ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>What claiming an idempotency key found.</summary>
public abstract record IdempotencyClaim
{
    private IdempotencyClaim()
    {
    }

    /// <summary>The caller owns the key now and must complete or release it.</summary>
    public sealed record Claimed : IdempotencyClaim;

    /// <summary>Another request with this key is still running.</summary>
    public sealed record InFlight : IdempotencyClaim;

    /// <summary>The key was used with another request body.</summary>
    public sealed record Mismatch : IdempotencyClaim;

    /// <summary>The key's request finished; replay its response.</summary>
    public sealed record Completed(StoredResponse Response) : IdempotencyClaim;
}

/// <summary>
/// Where idempotency records live: the region's database by default, Redis when configured.
/// A claim is atomic (a unique key or set-if-absent), never check-then-insert, so two concurrent
/// requests with one key cannot both run. A claim carries a lease: when the process that held it
/// died, a retry after the lease takes over instead of getting 409 forever.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims <paramref name="key"/> within <paramref name="scope"/> for a request whose body hashes to <paramref name="fingerprint"/>.</summary>
    Task<IdempotencyClaim> ClaimAsync(string scope, string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Stores the response of a claimed key.</summary>
    Task CompleteAsync(string scope, string key, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Gives a claimed key up without a response, so the client's retry runs the request again.</summary>
    Task ReleaseAsync(string scope, string key, CancellationToken cancellationToken);
}
