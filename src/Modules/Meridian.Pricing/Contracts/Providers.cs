namespace Meridian.Pricing.Contracts;

/// <summary>
/// The seam for tax: rates by destination and tax class. The default reads Meridian's own rate table;
/// register another implementation (an external tax service) to replace it. Pricing does the arithmetic
/// and the rounding, so totals add up whichever provider answers.
/// </summary>
public interface ITaxProvider
{
    /// <summary>Rates in basis points (1900 = 19 %) for each requested class; a class left out is taxed at 0.</summary>
    Task<IReadOnlyDictionary<string, int>> GetRatesAsync(TaxRateQuery query, CancellationToken cancellationToken);
}

/// <summary>What a tax provider is asked.</summary>
/// <param name="Country">ISO 3166-1 alpha-2 destination (or the store's origin before an address is known).</param>
/// <param name="TaxClasses">The classes the cart and its shipping use.</param>
public sealed record TaxRateQuery(string Country, IReadOnlyCollection<string> TaxClasses);

/// <summary>
/// The seam for shipping rates. The default reads Meridian's zones and methods (weight or price bands,
/// free above a threshold); register another implementation (a carrier's rating API) to replace it.
/// </summary>
public interface IShippingRateProvider
{
    /// <summary>The methods that serve the destination, priced for the cart; empty when none does.</summary>
    Task<IReadOnlyList<ShippingOption>> GetOptionsAsync(ShippingRateQuery query, CancellationToken cancellationToken);
}

/// <summary>What a shipping rate provider is asked.</summary>
/// <param name="Country">ISO 3166-1 alpha-2 destination.</param>
/// <param name="Currency">The cart's currency.</param>
/// <param name="WeightGrams">Total weight of the cart.</param>
/// <param name="MerchandiseTotal">The cart's lines after discounts, for price bands and free-above thresholds.</param>
public sealed record ShippingRateQuery(string Country, string Currency, long WeightGrams, long MerchandiseTotal);
