namespace Meridian.Pricing.Contracts;

/// <summary>
/// The money of a cart, in minor units of <see cref="Currency"/>. It always adds up:
/// the sum of <see cref="LinePrice.Total"/> plus <see cref="ShippingPrice.Total"/> is <see cref="GrandTotal"/>;
/// every amount is zero or more; a line's discount never exceeds its subtotal; and the allocations of
/// each applied promotion add up to its <see cref="AppliedPromotion.Amount"/>.
/// </summary>
/// <param name="Currency">ISO 4217 code of every amount.</param>
/// <param name="PricesIncludeTax">True when unit prices are gross (EU style) and tax is the part of each total that is tax; false when tax is added on top (US style).</param>
/// <param name="Lines">One per request line, in the request's order.</param>
/// <param name="Subtotal">Sum of line subtotals before discounts.</param>
/// <param name="DiscountTotal">Sum of line discounts and the shipping discount.</param>
/// <param name="Shipping">The chosen method priced for the destination; null when none is chosen or it does not serve the destination.</param>
/// <param name="TaxTotal">Sum of line taxes and shipping tax.</param>
/// <param name="GrandTotal">What the shopper pays.</param>
/// <param name="AppliedPromotions">Promotions that took effect, with what each took off.</param>
/// <param name="RejectedCodes">Entered codes that did not apply, each with its reason.</param>
/// <param name="ShippingOptions">Methods that serve the destination, priced for this cart; empty without a destination.</param>
public sealed record PricingResult(
    string Currency,
    bool PricesIncludeTax,
    IReadOnlyList<LinePrice> Lines,
    long Subtotal,
    long DiscountTotal,
    ShippingPrice? Shipping,
    long TaxTotal,
    long GrandTotal,
    IReadOnlyList<AppliedPromotion> AppliedPromotions,
    IReadOnlyList<RejectedCode> RejectedCodes,
    IReadOnlyList<ShippingOption> ShippingOptions);

/// <summary>One priced line.</summary>
/// <param name="LineId">The request's line id.</param>
/// <param name="UnitPrice">The unit price as requested.</param>
/// <param name="Quantity">The quantity as requested.</param>
/// <param name="Subtotal">Unit price × quantity.</param>
/// <param name="Discount">What promotions took off this line; at most <paramref name="Subtotal"/>.</param>
/// <param name="Tax">Tax of this line, rounded per line (included in <paramref name="Total"/> either way).</param>
/// <param name="Total">What the shopper pays for the line: subtotal − discount, plus tax when prices exclude it.</param>
/// <param name="TaxRateBasisPoints">The rate applied, in basis points (1900 = 19 %).</param>
/// <param name="Discounts">How the discount splits across promotions.</param>
public sealed record LinePrice(
    string LineId,
    long UnitPrice,
    int Quantity,
    long Subtotal,
    long Discount,
    long Tax,
    long Total,
    int TaxRateBasisPoints,
    IReadOnlyList<DiscountAllocation> Discounts);

/// <summary>The part of one promotion that fell on one line.</summary>
public sealed record DiscountAllocation(string PromotionId, long Amount);

/// <summary>The chosen shipping method, priced.</summary>
/// <param name="Method">Its code.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Amount">Its price for this cart and destination.</param>
/// <param name="Discount">What a free-shipping promotion took off; at most <paramref name="Amount"/>.</param>
/// <param name="Tax">Its tax at the destination's standard rate (included in <paramref name="Total"/>).</param>
/// <param name="Total">Amount − discount, plus tax when prices exclude it.</param>
public sealed record ShippingPrice(string Method, string Name, long Amount, long Discount, long Tax, long Total);

/// <summary>A promotion that took effect.</summary>
/// <param name="PromotionId">Its id, what <see cref="IPromotionRedemptions"/> redeems.</param>
/// <param name="Code">The code the shopper entered; null for an automatic promotion.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Amount">What it took off in total, lines and shipping; may be 0 (free shipping before a method is chosen).</param>
public sealed record AppliedPromotion(string PromotionId, string? Code, string Name, long Amount);

/// <summary>An entered code that did not apply.</summary>
public sealed record RejectedCode(string Code, PromotionRejection Reason);

/// <summary>Why a code does not apply or could not be redeemed.</summary>
public enum PromotionRejection
{
    /// <summary>No promotion has this code.</summary>
    Unknown,

    /// <summary>Its end date has passed.</summary>
    Expired,

    /// <summary>Its start date has not come.</summary>
    NotYetActive,

    /// <summary>The cart's subtotal is under the promotion's minimum.</summary>
    MinimumNotMet,

    /// <summary>Its total or per-customer usage limit is reached.</summary>
    UsageLimitReached,

    /// <summary>Another promotion that applies does not combine with it, or it combines with none.</summary>
    DoesNotCombine,

    /// <summary>No line matches its products, categories or brands (or too few for buy X get Y).</summary>
    NoMatchingItems,

    /// <summary>It is defined in another currency than the cart's.</summary>
    WrongCurrency,

    /// <summary>It has a per-customer limit and the shopper is not signed in.</summary>
    SignInRequired,
}

/// <summary>A shipping method that serves a destination, priced for a cart.</summary>
/// <param name="Code">What <see cref="PricingRequest.ShippingMethod"/> names.</param>
/// <param name="Name">Display name.</param>
/// <param name="Amount">Price in minor units, before promotions and, where prices exclude tax, before tax.</param>
/// <param name="TaxClass">The tax class shipping is taxed at.</param>
public sealed record ShippingOption(string Code, string Name, long Amount, string TaxClass = TaxClasses.Standard);
