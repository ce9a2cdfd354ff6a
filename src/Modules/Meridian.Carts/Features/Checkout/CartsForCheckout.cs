using System.Data.Common;
using Meridian.Carts.Contracts;
using Meridian.Carts.Data;
using Meridian.Carts.Domain;
using Meridian.SharedKernel.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Carts.Features.Checkout;

/// <summary>
/// <see cref="ICarts"/>: carts as checkout sees them, with the same visibility rules as the HTTP API. A conversion
/// in checkout's transaction appends <c>cart.converted.v1</c> to it, so the event commits with the order.
/// </summary>
internal sealed class CartsForCheckout(
    ICartStore store, CartPricer pricer, TimeProvider time, IEventOutbox outbox, IOptions<CartsOptions> options, ILogger<CartsForCheckout> logger)
    : ICarts
{
    public async Task<CheckoutCart?> GetForCheckoutAsync(string cartId, string? channelId, string? customerId, CancellationToken cancellationToken)
    {
        var cart = await store.FindAsync(cartId, cancellationToken);
        if (cart is null || !CartWorkflow.IsVisibleTo(cart, new Caller(channelId, customerId), time.GetUtcNow()))
        {
            return null;
        }
        var priced = await pricer.PriceAsync(cart, cancellationToken);
        return new CheckoutCart(
            cart.Id,
            cart.Version,
            cart.Status == CartStatus.Converted ? "converted" : "active",
            cart.ChannelId,
            cart.CustomerId,
            cart.Email,
            cart.Currency,
            priced.Lines.Select(l => new CheckoutCartLine(l.Line.Id, l.Line.VariantId, l.Line.Sku,
                l.Variant?.ProductTitle ?? l.Line.ProductTitle, l.Variant?.VariantTitle ?? l.Line.VariantTitle, l.Line.Quantity, l.Available)).ToList(),
            priced.Pricing,
            priced.Pricing.AppliedPromotions.Select(p => p.PromotionId).ToList(),
            cart.PromotionCodes.ToList(),
            cart.ShippingAddress is { } a ? new CheckoutAddress(a.Country, a.PostalCode, a.City, a.Lines, a.Name) : null,
            cart.ShippingMethod,
            cart.OrderId);
    }

    public async Task<bool> MarkConvertedAsync(string cartId, int expectedVersion, string orderId, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cartId);
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        var converted = await store.MarkConvertedAsync(cartId, expectedVersion, orderId, time.GetUtcNow(), transaction, cancellationToken);
        if (converted)
        {
            if (transaction is not null)
            {
                await outbox.AppendAsync(transaction, [new NewEvent(EventTypes.CartConverted, cartId, new { cartId, orderId })], cancellationToken);
            }
            logger.CartConverted(cartId, orderId);
        }
        return converted;
    }

    public async Task<bool> ReopenAsync(string orderId, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        var now = time.GetUtcNow();
        var reopened = await store.ReopenAsync(orderId, now, now + options.Value.IdleTimeout, transaction, cancellationToken);
        if (reopened)
        {
            logger.CartReopened(orderId);
        }
        return reopened;
    }
}
