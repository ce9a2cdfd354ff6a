using System.Security.Cryptography;
using System.Text;

using Meridian.SharedKernel;

namespace Meridian.Customers.Domain;

/// <summary>
/// A refresh token, stored only as the SHA-256 of its value (256 random bits: nothing to brute-force,
/// so a fast hash suffices). Each use rotates it: the presented token is revoked and a new one of
/// the same family issued. A rotated token presented again means two parties hold the family, so
/// the whole family is revoked (theft detection, as in OAuth 2.0 Security BCP §4.14).
/// </summary>
internal sealed class RefreshToken
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public required string Id { get; init; }
    public required string CustomerId { get; init; }

    /// <summary>The first token's id; every rotation keeps it.</summary>
    public required string FamilyId { get; init; }

    public required string Hash { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Also the concurrency token: two requests rotating the same token cannot both win.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }
    public string? ReplacedById { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    /// <summary>True when this token was already exchanged for a newer one.</summary>
    public bool WasRotated => ReplacedById is not null;

    /// <summary>A new family; returns the token value, which is shown once and never stored.</summary>
    public static (RefreshToken Token, string Value) Issue(string customerId, DateTimeOffset now) =>
        Create(customerId, familyId: null, now);

    /// <summary>Revokes this token and issues its successor in the same family.</summary>
    public (RefreshToken Token, string Value) Rotate(DateTimeOffset now)
    {
        if (!IsActiveAt(now))
        {
            throw new InvalidOperationException("Only an active refresh token can be rotated.");
        }
        var next = Create(CustomerId, FamilyId, now);
        Revoke(now, RevocationReasons.Rotated);
        ReplacedById = next.Token.Id;
        return next;
    }

    public void Revoke(DateTimeOffset now, string reason)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedReason = reason;
        }
    }

    public static string HashOf(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Cheap shape check before any lookup.</summary>
    public static bool LooksValid(string? value) =>
        value is { Length: 43 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static (RefreshToken Token, string Value) Create(string customerId, string? familyId, DateTimeOffset now)
    {
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = Ids.New("rtk");
        var token = new RefreshToken
        {
            Id = id,
            CustomerId = customerId,
            FamilyId = familyId ?? id,
            Hash = HashOf(value),
            IssuedAt = now,
            ExpiresAt = now + Lifetime,
        };
        return (token, value);
    }
}

internal static class RevocationReasons
{
    public const string Rotated = "rotated";
    public const string SignedOut = "signed_out";
    public const string ReuseDetected = "reuse_detected";
    public const string Erased = "erased";
}
