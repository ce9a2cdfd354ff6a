using System.Security.Cryptography;
using System.Text;

namespace Meridian.Server.Tests.Webhooks;

/// <summary>
/// Verification written from the Standard Webhooks specification (standardwebhooks.com, "Verifying webhook
/// authenticity"), sharing no code with the module: the signed content is the string
/// <c>{webhook-id}.{webhook-timestamp}.{payload}</c>; the key is the base64 part of <c>whsec_…</c>; the
/// <c>webhook-signature</c> header holds space-delimited <c>v1,{base64}</c> entries, any one of which may match;
/// a timestamp more than five minutes from now is rejected to stop replays.
/// </summary>
public static class StandardWebhooksVerifier
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when the request is authentic for <paramref name="secret"/>; otherwise why not.</summary>
    public static string? Problem(string secret, IReadOnlyDictionary<string, string> headers, byte[] body, DateTimeOffset now)
    {
        if (!headers.TryGetValue("webhook-id", out var id) || !headers.TryGetValue("webhook-timestamp", out var timestampText)
            || !headers.TryGetValue("webhook-signature", out var signatures))
        {
            return "missing headers";
        }
        if (!long.TryParse(timestampText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp))
        {
            return "timestamp is not a number of seconds";
        }
        var sent = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (sent < now - Tolerance || sent > now + Tolerance)
        {
            return "timestamp outside the tolerance";
        }
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return "not a whsec_ secret";
        }
        var signedContent = id + "." + timestampText + "." + Encoding.UTF8.GetString(body);
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret.Substring("whsec_".Length)));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(signedContent));
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || entry[..comma] != "v1")
            {
                continue;
            }
            byte[] candidate;
            try
            {
                candidate = Convert.FromBase64String(entry[(comma + 1)..]);
            }
            catch (FormatException)
            {
                continue;
            }
            if (CryptographicOperations.FixedTimeEquals(candidate, expected))
            {
                return null;
            }
        }
        return "no matching signature";
    }
}
