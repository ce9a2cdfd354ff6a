using Meridian.Pricing.Contracts;
using Meridian.SharedKernel;

namespace Meridian.Carts.Features;

/// <summary>
/// The priced cart every cart endpoint answers with. All money is computed by the server; a line that is
/// no longer available has <c>available: false</c>, no unit price and zero amounts, and counts in no total.
/// </summary>
internal sealed record CartResponse(
    string Id,
    string Status,
    string Currency,
    string? Email,
    IReadOnlyList<CartLineResponse> Lines,
    IReadOnlyList<AppliedPromotionResponse> AppliedPromotions,
    IReadOnlyList<RejectedCodeResponse> RejectedCodes,
    ShippingAddressResponse? ShippingAddress,
    ShippingMethodResponse? ShippingMethod,
    IReadOnlyList<ShippingOptionResponse> ShippingOptions,
    Money Subtotal,
    Money DiscountTotal,
    Money ShippingTotal,
    Money TaxTotal,
    Money GrandTotal,
    bool PricesIncludeTax,
    DateTimeOffset ExpiresAt,
    int Version)
{
    public static CartResponse From(PricedCart priced)
    {
        ArgumentNullException.ThrowIfNull(priced);
        var cart = priced.Cart;
        var result = priced.Pricing;
        Money M(long amount) => new(amount, cart.Currency);
        return new CartResponse(
            cart.Id,
            cart.Status.ToString().ToLowerInvariant(),
            cart.Currency,
            cart.Email,
            priced.Lines.Select(l => new CartLineResponse(
                l.Line.Id,
                l.Line.VariantId,
                l.Line.Sku,
                l.Variant?.ProductTitle ?? l.Line.ProductTitle,
                l.Variant?.VariantTitle ?? l.Line.VariantTitle,
                l.Variant?.ImageUrl ?? l.Line.ImageUrl,
                l.Line.Quantity,
                l.Available,
                l.Price is null ? null : M(l.Price.UnitPrice),
                M(l.Price?.Subtotal ?? 0),
                M(l.Price?.Discount ?? 0),
                M(l.Price?.Tax ?? 0),
                M(l.Price?.Total ?? 0))).ToList(),
            result.AppliedPromotions.Select(p => new AppliedPromotionResponse(p.PromotionId, p.Code, p.Name, M(p.Amount))).ToList(),
            result.RejectedCodes.Select(r => new RejectedCodeResponse(r.Code, ReasonOf(r.Reason), MessageOf(r.Reason))).ToList(),
            cart.ShippingAddress is { } a ? new ShippingAddressResponse(a.Country, a.PostalCode, a.City, a.Lines, a.Name) : null,
            result.Shipping is { } s ? new ShippingMethodResponse(s.Method, s.Name, M(s.Amount), M(s.Discount), M(s.Tax), M(s.Total)) : null,
            result.ShippingOptions.Select(o => new ShippingOptionResponse(o.Code, o.Name, M(o.Amount))).ToList(),
            M(result.Subtotal),
            M(result.DiscountTotal),
            M(result.Shipping?.Total ?? 0),
            M(result.TaxTotal),
            M(result.GrandTotal),
            result.PricesIncludeTax,
            cart.ExpiresAt,
            cart.Version);
    }

    /// <summary>The reason in the contract's snake_case.</summary>
    public static string ReasonOf(PromotionRejection reason) => reason switch
    {
        PromotionRejection.Unknown => "unknown",
        PromotionRejection.Expired => "expired",
        PromotionRejection.NotYetActive => "not_yet_active",
        PromotionRejection.MinimumNotMet => "minimum_not_met",
        PromotionRejection.UsageLimitReached => "usage_limit_reached",
        PromotionRejection.DoesNotCombine => "does_not_combine",
        PromotionRejection.NoMatchingItems => "no_matching_items",
        PromotionRejection.WrongCurrency => "wrong_currency",
        PromotionRejection.SignInRequired => "sign_in_required",
        _ => "not_applicable",
    };

    private static string MessageOf(PromotionRejection reason) => reason switch
    {
        PromotionRejection.Unknown => "No promotion has this code.",
        PromotionRejection.Expired => "This promotion has ended.",
        PromotionRejection.NotYetActive => "This promotion has not started yet.",
        PromotionRejection.MinimumNotMet => "The cart is under this promotion's minimum.",
        PromotionRejection.UsageLimitReached => "This promotion has been used up.",
        PromotionRejection.DoesNotCombine => "This promotion does not combine with another one on the cart.",
        PromotionRejection.NoMatchingItems => "No item in the cart qualifies.",
        PromotionRejection.WrongCurrency => "This promotion is for another currency.",
        PromotionRejection.SignInRequired => "Sign in to use this promotion.",
        _ => "This promotion does not apply.",
    };
}

internal sealed record CartLineResponse(
    string Id,
    string VariantId,
    string Sku,
    string ProductTitle,
    string VariantTitle,
    string? Image,
    int Quantity,
    bool Available,
    Money? UnitPrice,
    Money Subtotal,
    Money Discount,
    Money Tax,
    Money Total);

internal sealed record AppliedPromotionResponse(string Id, string? Code, string Name, Money Amount);

internal sealed record RejectedCodeResponse(string Code, string Reason, string Message);

internal sealed record ShippingAddressResponse(string Country, string? PostalCode, string? City, IReadOnlyList<string> Lines, string? Name);

internal sealed record ShippingMethodResponse(string Code, string Name, Money Amount, Money Discount, Money Tax, Money Total);

internal sealed record ShippingOptionResponse(string Code, string Name, Money Amount);
