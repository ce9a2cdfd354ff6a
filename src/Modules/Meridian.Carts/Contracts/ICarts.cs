using System.Data.Common;
using Meridian.Pricing.Contracts;

namespace Meridian.Carts.Contracts;

/// <summary>What checkout needs of carts: the priced snapshot of a cart, and marking it converted into an order.</summary>
public interface ICarts
{
    /// <summary>
    /// The cart priced now, as the caller may see it: null when it does not exist, has expired, was merged into
    /// another cart, belongs to another channel than <paramref name="channelId"/>, or belongs to a customer other
    /// than <paramref name="customerId"/> (a customer's cart is visible only to that customer). A converted cart is
    /// returned with <see cref="CheckoutCart.Status"/> <c>converted</c> and its <see cref="CheckoutCart.OrderId"/>.
    /// </summary>
    Task<CheckoutCart?> GetForCheckoutAsync(string cartId, string? channelId, string? customerId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the cart converted into <paramref name="orderId"/> when it is active, unexpired and still at
    /// <paramref name="expectedVersion"/> (the <see cref="CheckoutCart.Version"/> that was priced); false otherwise,
    /// and nothing changes. Pass the checkout's open transaction on the region's database so the change commits or
    /// rolls back with the order. A converted cart answers 409 to every further change.
    /// </summary>
    Task<bool> MarkConvertedAsync(string cartId, int expectedVersion, string orderId, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>
    /// The payment of <paramref name="orderId"/> failed and nothing was charged: the cart converted into it becomes
    /// active again (a new version, a fresh idle expiry) so the shopper can pay another way without rebuilding it.
    /// False when no converted cart points at the order (it was never from a cart, or is already reopened).
    /// Pass the transaction that releases the order's stock so both happen or neither.
    /// </summary>
    Task<bool> ReopenAsync(string orderId, DbTransaction? transaction, CancellationToken cancellationToken);
}

/// <summary>A cart priced for checkout.</summary>
/// <param name="CartId">The cart's id.</param>
/// <param name="Version">The version that was priced; pass it to <see cref="ICarts.MarkConvertedAsync"/>.</param>
/// <param name="Status"><c>active</c> or <c>converted</c>.</param>
/// <param name="ChannelId">The channel the cart belongs to.</param>
/// <param name="CustomerId">The customer the cart belongs to; null for a guest cart.</param>
/// <param name="Email">The email given on the cart, if any.</param>
/// <param name="Currency">ISO 4217 code of every amount.</param>
/// <param name="Lines">Every line, available or not.</param>
/// <param name="Pricing">The pricing result of the available lines (its line ids are <see cref="CheckoutCartLine.LineId"/>).</param>
/// <param name="PromotionIds">Ids of the applied promotions, what <see cref="IPromotionRedemptions"/> redeems.</param>
/// <param name="PromotionCodes">The codes entered on the cart, applied or rejected.</param>
/// <param name="ShippingAddress">The destination, or null before one is set.</param>
/// <param name="ShippingMethod">The chosen method's code, or null before one is chosen.</param>
/// <param name="OrderId">The order a converted cart became; null while active.</param>
public sealed record CheckoutCart(
    string CartId,
    int Version,
    string Status,
    string? ChannelId,
    string? CustomerId,
    string? Email,
    string Currency,
    IReadOnlyList<CheckoutCartLine> Lines,
    PricingResult Pricing,
    IReadOnlyList<string> PromotionIds,
    IReadOnlyList<string> PromotionCodes,
    CheckoutAddress? ShippingAddress,
    string? ShippingMethod,
    string? OrderId)
{
    /// <summary>True when every line can be bought (no product was unpublished or lost its price since it was added).</summary>
    public bool AllLinesAvailable => Lines.All(l => l.Available);
}

/// <summary>One cart line.</summary>
/// <param name="LineId">The line's id.</param>
/// <param name="VariantId">The variant's id.</param>
/// <param name="Sku">The variant's SKU, the key of stock.</param>
/// <param name="ProductTitle">The product's title.</param>
/// <param name="VariantTitle">The variant's title.</param>
/// <param name="Quantity">Units.</param>
/// <param name="Available">False when the variant is no longer published or priced in the cart's currency; such a line is left out of <see cref="CheckoutCart.Pricing"/>.</param>
public sealed record CheckoutCartLine(string LineId, string VariantId, string Sku, string ProductTitle, string VariantTitle, int Quantity, bool Available);

/// <summary>A cart's shipping address.</summary>
/// <param name="Country">ISO 3166-1 alpha-2 code, upper case.</param>
/// <param name="PostalCode">Postal code, if given.</param>
/// <param name="City">City, if given.</param>
/// <param name="Lines">Street lines.</param>
/// <param name="Name">Recipient's name, if given.</param>
public sealed record CheckoutAddress(string Country, string? PostalCode, string? City, IReadOnlyList<string> Lines, string? Name);
