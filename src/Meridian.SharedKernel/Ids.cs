namespace Meridian.SharedKernel;

/// <summary>
/// Opaque ids with a type prefix and a sortable unique part (<c>prod_01JD…</c>), as the API contract
/// says. The unique part is a ULID, so ids sort by creation time and need no coordination between
/// replicas.
/// </summary>
public static class Ids
{
    /// <summary>A new id such as <c>prod_01JD5…</c>.</summary>
    public static string New(string prefix) => $"{prefix}_{Ulid.NewUlid()}";

    /// <summary>
    /// A reproducible id for demo data: the same seed always yields the same id, so the demo store and
    /// the README's examples stay stable across machines.
    /// </summary>
    public static string Deterministic(string prefix, DateTimeOffset time, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> randomness = stackalloc byte[10];
        random.NextBytes(randomness);
        return $"{prefix}_{Ulid.NewUlid(time, randomness)}";
    }

    /// <summary>True when <paramref name="id"/> has the prefix and a well-formed ULID after it.</summary>
    public static bool HasPrefix(string? id, string prefix) =>
        id is not null
        && id.Length == prefix.Length + 27
        && id.StartsWith(prefix, StringComparison.Ordinal)
        && id[prefix.Length] == '_'
        && Ulid.TryParse(id.AsSpan(prefix.Length + 1), out _);
}
