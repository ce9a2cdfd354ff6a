namespace Meridian.Payments.Contracts;

/// <summary>
/// Checks on what a client sends as a payment token. Meridian stores and forwards only provider
/// tokens; a card number must never reach it, its logs or its database.
/// </summary>
public static class PaymentTokens
{
    /// <summary>The longest token accepted.</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// True when <paramref name="value"/> looks like a primary account number: 13 to 19 digits, on their
    /// own or in groups separated by spaces or dashes, whether or not they pass the Luhn check (a
    /// mistyped card number is still a card number). Also true when such a digit run is embedded in
    /// a longer string (<c>tok_4242424242424242</c>), since that is still card data.
    /// </summary>
    public static bool LooksLikeCardNumber(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        var digits = 0;
        var lastWasSeparator = false;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                lastWasSeparator = false;
                if (digits >= 13)
                {
                    // A run of 13+ digits (with single separators between groups) is enough to be card data,
                    // whatever surrounds it; longer runs are at least as sensitive.
                    return true;
                }
            }
            else if ((c is ' ' or '-') && digits > 0 && !lastWasSeparator)
            {
                lastWasSeparator = true;
            }
            else
            {
                digits = 0;
                lastWasSeparator = false;
            }
        }
        return false;
    }

    /// <summary>
    /// True when <paramref name="value"/> is shaped like a provider token: 3 to <see cref="MaxLength"/>
    /// characters of letters, digits, <c>_</c> and <c>-</c>, and not a card number.
    /// </summary>
    public static bool IsWellFormedToken(string? value) =>
        value is { Length: >= 3 and <= MaxLength }
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
        && !LooksLikeCardNumber(value);
}
