namespace Meridian.Carts.Domain;

/// <summary>Where a cart is in its life.</summary>
internal enum CartStatus
{
    /// <summary>Shoppers change it.</summary>
    Active,

    /// <summary>Merged into the customer's cart on sign-in; its id answers 404 from then on.</summary>
    Merged,

    /// <summary>Checkout turned it into an order; further changes answer 409.</summary>
    Converted,
}

/// <summary>Where the shopper wants the order shipped. Only the country is required before checkout.</summary>
internal sealed record ShippingAddress(string Country, string? PostalCode, string? City, IReadOnlyList<string> Lines, string? Name);

/// <summary>
/// One variant in a cart. Titles and image are copied when the line is added, so a line whose product is
/// later unpublished can still be shown (flagged unavailable) rather than vanish.
/// </summary>
internal sealed class CartLine
{
    public required string Id { get; init; }
    public required string VariantId { get; init; }
    public required string Sku { get; init; }
    public required string ProductTitle { get; set; }
    public required string VariantTitle { get; set; }
    public string? ImageUrl { get; set; }
    public int Quantity { get; set; }
}

/// <summary>The limits every cart obeys (from <see cref="CartsOptions"/>).</summary>
internal sealed record CartLimits(int MaxQuantityPerLine = 99, int MaxLines = 100, int MaxPromotionCodes = 10);

/// <summary>
/// A cart: lines by variant, promotion codes, a destination and a shipping method. It holds no money:
/// prices, discounts, tax and totals are computed by pricing on every read, never stored or accepted
/// from a client. <see cref="Version"/> is the optimistic concurrency token and the ETag.
/// </summary>
internal sealed class Cart
{
    public required string Id { get; init; }
    public string? ChannelId { get; init; }
    public string? CustomerId { get; set; }
    public string? Email { get; set; }
    public required string Currency { get; init; }
    public CartStatus Status { get; set; } = CartStatus.Active;
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? MergedIntoId { get; set; }
    public string? OrderId { get; set; }
    public List<CartLine> Lines { get; init; } = [];
    public List<string> PromotionCodes { get; init; } = [];
    public ShippingAddress? ShippingAddress { get; set; }
    public string? ShippingMethod { get; set; }

    public static Cart Open(string id, string? channelId, string? customerId, string currency, string? email, DateTimeOffset now, TimeSpan idleTimeout) =>
        new()
        {
            Id = id,
            ChannelId = channelId,
            CustomerId = customerId,
            Currency = currency,
            Email = email,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + idleTimeout,
        };

    /// <summary>An idle cart expires: it answers 404 and the sweep deletes it.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>Records a change: a new version and a new expiry, counted from now.</summary>
    public void Touch(DateTimeOffset now, TimeSpan idleTimeout)
    {
        Version++;
        UpdatedAt = now;
        ExpiresAt = now + idleTimeout;
    }

    /// <summary>
    /// Adds <paramref name="quantity"/> units of a variant: to its line when the cart has one, otherwise as a new
    /// line. Returns the line, or an error naming the field when a limit would be broken (nothing changes then).
    /// </summary>
    public (CartLine? Line, CartError? Error) AddItem(
        string variantId, string sku, string productTitle, string variantTitle, string? imageUrl, int quantity, CartLimits limits, Func<string> newLineId)
    {
        if (quantity < 1 || quantity > limits.MaxQuantityPerLine)
        {
            return (null, new CartError("quantity", $"Between 1 and {limits.MaxQuantityPerLine}."));
        }
        var existing = Lines.Find(l => l.VariantId == variantId);
        if (existing is not null)
        {
            if (existing.Quantity + quantity > limits.MaxQuantityPerLine)
            {
                return (null, new CartError("quantity",
                    $"A line holds at most {limits.MaxQuantityPerLine} units; this cart already has {existing.Quantity} of this variant."));
            }
            existing.Quantity += quantity;
            existing.ProductTitle = productTitle;
            existing.VariantTitle = variantTitle;
            existing.ImageUrl = imageUrl;
            return (existing, null);
        }
        if (Lines.Count >= limits.MaxLines)
        {
            return (null, new CartError("variantId", $"A cart holds at most {limits.MaxLines} lines."));
        }
        var line = new CartLine
        {
            Id = newLineId(),
            VariantId = variantId,
            Sku = sku,
            ProductTitle = productTitle,
            VariantTitle = variantTitle,
            ImageUrl = imageUrl,
            Quantity = quantity,
        };
        Lines.Add(line);
        return (line, null);
    }

    /// <summary>Sets a line's quantity; 0 removes the line. Null when done, an error otherwise.</summary>
    public CartError? SetQuantity(CartLine line, int quantity, CartLimits limits)
    {
        if (quantity < 0 || quantity > limits.MaxQuantityPerLine)
        {
            return new CartError("quantity", $"Between 0 and {limits.MaxQuantityPerLine}; 0 removes the line.");
        }
        if (quantity == 0)
        {
            Lines.Remove(line);
        }
        else
        {
            line.Quantity = quantity;
        }
        return null;
    }

    public CartLine? FindLine(string lineId) => Lines.Find(l => l.Id == lineId);

    /// <summary>Adds a code once (codes compare case-insensitively); it stays listed, applied or rejected, until removed.</summary>
    public CartError? AddPromotionCode(string code, CartLimits limits)
    {
        if (HasPromotionCode(code))
        {
            return null;
        }
        if (PromotionCodes.Count >= limits.MaxPromotionCodes)
        {
            return new CartError("code", $"A cart holds at most {limits.MaxPromotionCodes} codes.");
        }
        PromotionCodes.Add(code);
        return null;
    }

    public bool HasPromotionCode(string code) => PromotionCodes.Exists(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase));

    public bool RemovePromotionCode(string code) => PromotionCodes.RemoveAll(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase)) > 0;

    /// <summary>
    /// Merges <paramref name="source"/> (the shopper's anonymous cart) into this one (their cart) on sign-in:
    /// quantities of the same variant add up to the per-line limit, new variants are added while there is room,
    /// codes are united, and the address, method and email are taken only where this cart has none.
    /// The source becomes <see cref="CartStatus.Merged"/> and points here.
    /// </summary>
    public void MergeFrom(Cart source, CartLimits limits)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var line in source.Lines)
        {
            var existing = Lines.Find(l => l.VariantId == line.VariantId);
            if (existing is not null)
            {
                existing.Quantity = Math.Min(limits.MaxQuantityPerLine, existing.Quantity + line.Quantity);
            }
            else if (Lines.Count < limits.MaxLines)
            {
                Lines.Add(new CartLine
                {
                    Id = line.Id,
                    VariantId = line.VariantId,
                    Sku = line.Sku,
                    ProductTitle = line.ProductTitle,
                    VariantTitle = line.VariantTitle,
                    ImageUrl = line.ImageUrl,
                    Quantity = Math.Min(limits.MaxQuantityPerLine, line.Quantity),
                });
            }
        }
        foreach (var code in source.PromotionCodes)
        {
            if (!HasPromotionCode(code) && PromotionCodes.Count < limits.MaxPromotionCodes)
            {
                PromotionCodes.Add(code);
            }
        }
        if (ShippingAddress is null && source.ShippingAddress is not null)
        {
            ShippingAddress = source.ShippingAddress;
            ShippingMethod ??= source.ShippingMethod;
        }
        Email ??= source.Email;
        source.Status = CartStatus.Merged;
        source.MergedIntoId = Id;
    }
}

/// <summary>A broken cart rule, naming the request field it concerns.</summary>
internal sealed record CartError(string Field, string Message);
