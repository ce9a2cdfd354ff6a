using System.Security.Cryptography;
using System.Text;
using Meridian.SharedKernel.Auth;

namespace Meridian.Channels.Domain;

internal sealed class ApiKey
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public string? ChannelId { get; init; }

    /// <summary>SHA-256 of the key. Keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.</summary>
    public required string Hash { get; init; }

    /// <summary>The first characters of the key, so an operator can tell keys apart without seeing one.</summary>
    public required string Prefix { get; init; }

    public required string Scopes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string HashOf(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PrefixOf(string key) => key[..Math.Min(key.Length, 12)];

    public static string KindOf(string key) => key.StartsWith("sk_", StringComparison.Ordinal) ? KeyKinds.Secret : KeyKinds.Publishable;

    /// <summary>A new random key: <c>pk_</c> or <c>sk_</c> and 256 bits in base64url.</summary>
    public static string Generate(string kind)
    {
        var prefix = kind == KeyKinds.Secret ? "sk_" : "pk_";
        return prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>True when the string could be a Meridian key at all; anything else is refused without a lookup.</summary>
    public static bool LooksValid(string? key) =>
        key is { Length: >= 16 and <= 128 }
        && (key.StartsWith("pk_", StringComparison.Ordinal) || key.StartsWith("sk_", StringComparison.Ordinal))
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
