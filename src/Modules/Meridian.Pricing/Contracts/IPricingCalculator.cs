namespace Meridian.Pricing.Contracts;

/// <summary>
/// Prices a cart: promotions, shipping and tax. Read-only: it never claims a promotion's use, so carts
/// can call it on every change; checkout claims uses with <see cref="IPromotionRedemptions"/>.
/// </summary>
public interface IPricingCalculator
{
    /// <summary>
    /// Prices <paramref name="request"/>. Throws <see cref="ArgumentException"/> for a request outside the
    /// documented limits (unsupported currency, quantity under 1, negative price, too many lines).
    /// </summary>
    Task<PricingResult> PriceAsync(PricingRequest request, CancellationToken cancellationToken);
}
