namespace Meridian.SharedKernel;

/// <summary>
/// An amount in integer minor units of an ISO 4217 currency. Never floating point: sums and splits
/// must add up to the cent in every currency.
/// </summary>
/// <param name="Amount">Minor units (cents for EUR, pence for GBP).</param>
/// <param name="Currency">Upper-case ISO 4217 code.</param>
public readonly record struct Money(long Amount, string Currency)
{
    /// <summary>Currencies Meridian prices in today; adding one is a configuration of price lists, not code.</summary>
    public static readonly IReadOnlySet<string> SupportedCurrencies =
        new HashSet<string>(["EUR", "USD", "GBP", "CHF", "SEK", "DKK", "PLN", "NOK", "CAD", "AUD", "JPY"], StringComparer.Ordinal);

    /// <summary>True when <paramref name="code"/> is an upper-case ISO 4217 code Meridian supports.</summary>
    public static bool IsSupportedCurrency(string? code) => code is not null && SupportedCurrencies.Contains(code);
}
