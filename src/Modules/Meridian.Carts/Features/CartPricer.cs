using Meridian.Carts.Domain;
using Meridian.Catalog.Contracts;
using Meridian.Pricing.Contracts;

namespace Meridian.Carts.Features;

/// <summary>One cart line with what the catalog and pricing say of it now; no price when it is unavailable.</summary>
internal sealed record PricedLine(CartLine Line, CatalogVariant? Variant, LinePrice? Price)
{
    public bool Available => Price is not null;
}

/// <summary>A cart with its money, computed now.</summary>
internal sealed record PricedCart(Cart Cart, IReadOnlyList<PricedLine> Lines, PricingResult Pricing);

/// <summary>
/// Prices a cart from the catalog's current prices and the pricing module's promotions, shipping and tax.
/// Nothing a client sent is ever part of the money. A line whose variant is no longer published, or has no
/// price in the cart's currency, stays in the cart flagged unavailable and is left out of every total.
/// </summary>
internal sealed class CartPricer(ICatalogVariants catalog, IPricingCalculator pricing)
{
    public async Task<PricedCart> PriceAsync(Cart cart, CancellationToken cancellationToken)
    {
        var variants = catalog.Find(cart.Lines.Select(l => l.VariantId), cart.Currency);
        var sellable = new List<PricingLine>();
        foreach (var line in cart.Lines)
        {
            if (variants.TryGetValue(line.VariantId, out var v) && v.UnitPrice is { } unitPrice)
            {
                sellable.Add(new PricingLine(line.Id, v.ProductHandle, v.Sku, unitPrice, line.Quantity,
                    v.CategoryHandles, v.BrandHandle, v.TaxClass, v.WeightGrams, v.ProductId, v.VariantId));
            }
        }
        var result = await pricing.PriceAsync(
            new PricingRequest(cart.Currency, sellable, cart.ShippingAddress?.Country, cart.CustomerId, cart.PromotionCodes, cart.ShippingMethod),
            cancellationToken);
        var prices = result.Lines.ToDictionary(p => p.LineId, StringComparer.Ordinal);
        var lines = cart.Lines.Select(line => new PricedLine(
            line,
            variants.GetValueOrDefault(line.VariantId),
            prices.GetValueOrDefault(line.Id))).ToList();
        return new PricedCart(cart, lines, result);
    }
}
