using System.Net.Mail;
using System.Security.Cryptography;

namespace Meridian.Customers.Domain;

internal static class Emails
{
    public const int MaxLength = 254;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A plausible address: one <c>@</c>, a dotted domain, no spaces. Deliverability is the mail's business.</summary>
    public static bool LooksValid(string normalized) =>
        normalized.Length is > 2 and <= MaxLength
        && !normalized.Any(char.IsWhiteSpace)
        && normalized.Count(c => c == '@') == 1
        && normalized.IndexOf('@', StringComparison.Ordinal) is > 0 and var at
        && normalized[(at + 1)..] is { Length: > 2 } domain && domain.Contains('.', StringComparison.Ordinal)
        && !domain.StartsWith('.') && !domain.EndsWith('.')
        && MailAddress.TryCreate(normalized, out _);

    /// <summary>The address an erased customer keeps: random, unrelated to the old one, and undeliverable (<c>.invalid</c>, RFC 2606).</summary>
    public static string ErasedPseudonym() =>
        $"erased+{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}@invalid";
}
