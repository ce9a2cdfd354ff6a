using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Meridian.Marketplace.Contracts;

namespace Meridian.Marketplace.Connectors;

/// <summary>
/// Signing per the Standard Webhooks specification: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")&gt;</c>,
/// with the key the base64 part of a <c>whsec_</c> secret. Several space-separated signatures may be sent (during a
/// secret rotation); one match is enough.
/// </summary>
internal static class StandardWebhooks
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool IsWellFormedSecret(string? secret) => KeyOf(secret) is { Length: >= 16 };

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Mac(KeyOf(secret) ?? throw new ArgumentException("Not a whsec_ secret.", nameof(secret)), id, timestamp, body));

    public static SignatureCheck Verify(InboundRequest request, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!request.Headers.TryGetValue(IdHeader, out var id) || string.IsNullOrEmpty(id)
            || !request.Headers.TryGetValue(TimestampHeader, out var stamp) || string.IsNullOrEmpty(stamp)
            || !request.Headers.TryGetValue(SignatureHeader, out var signatures) || string.IsNullOrEmpty(signatures))
        {
            return SignatureCheck.Missing;
        }
        if (!long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return SignatureCheck.Invalid;
        }
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return SignatureCheck.Expired;
        }
        var key = KeyOf(secret);
        if (key is null)
        {
            return SignatureCheck.Invalid;
        }
        var expected = Mac(key, id, timestamp, request.Body.Span);
        Span<byte> given = stackalloc byte[64];
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (signature.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(signature[3..], given, out var written)
                && CryptographicOperations.FixedTimeEquals(given[..written], expected))
            {
                return SignatureCheck.Valid;
            }
        }
        return SignatureCheck.Invalid;
    }

    private static byte[] Mac(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static byte[]? KeyOf(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
