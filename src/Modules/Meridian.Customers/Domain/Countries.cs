namespace Meridian.Customers.Domain;

internal static class Countries
{
    public const string Rule = "An ISO 3166-1 alpha-2 country code, such as DE or US.";

    /// <summary>Two ASCII letters, upper-cased; whether the code is assigned is checked where shipping needs it.</summary>
    public static bool TryNormalize(string? code, out string normalized)
    {
        normalized = "";
        if (code is not { Length: 2 } || !code.All(char.IsAsciiLetter))
        {
            return false;
        }
        normalized = code.ToUpperInvariant();
        return true;
    }
}
