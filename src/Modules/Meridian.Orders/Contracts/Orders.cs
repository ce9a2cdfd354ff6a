namespace Meridian.Orders.Contracts;

/// <summary>An order's lifecycle: <c>pending</c> → <c>placed</c> → <c>completed</c>; <c>pending</c> or <c>placed</c> → <c>cancelled</c>.</summary>
public enum OrderStatus
{
    /// <summary>Created by checkout; its payment is not settled yet.</summary>
    Pending,

    /// <summary>Paid (authorized or captured); waiting to be fulfilled.</summary>
    Placed,

    /// <summary>Every unit was fulfilled.</summary>
    Completed,

    /// <summary>Cancelled before fulfilment, or its payment failed.</summary>
    Cancelled,
}

/// <summary>Where the order's money stands.</summary>
public enum OrderPaymentStatus
{
    /// <summary>No payment yet (a pending order); the API shows <c>null</c>.</summary>
    None,

    /// <summary>Held on the card; captured at first fulfilment.</summary>
    Authorized,

    /// <summary>Taken.</summary>
    Captured,

    /// <summary>Part of the capture was refunded.</summary>
    PartiallyRefunded,

    /// <summary>All of the capture was refunded.</summary>
    Refunded,

    /// <summary>The hold was released without capture.</summary>
    Voided,

    /// <summary>The payment failed; nothing was charged.</summary>
    Failed,
}

/// <summary>Where the order's goods stand.</summary>
public enum FulfillmentStatus
{
    /// <summary>Nothing shipped.</summary>
    Unfulfilled,

    /// <summary>Some units shipped.</summary>
    PartiallyFulfilled,

    /// <summary>Every unit shipped.</summary>
    Fulfilled,

    /// <summary>Some shipped units came back.</summary>
    PartiallyReturned,

    /// <summary>Every unit came back.</summary>
    Returned,
}

/// <summary>An order as checkout hands it over, priced.</summary>
/// <param name="IdempotencyScope">Who asked (the API key and customer), so two callers' keys never collide.</param>
/// <param name="IdempotencyKey">The checkout's <c>Idempotency-Key</c>: one order per key.</param>
/// <param name="ChannelId">The sales channel.</param>
/// <param name="CustomerId">The customer (<c>cus_…</c>), or null for a guest.</param>
/// <param name="Email">Where confirmations go. Personal data: never logged.</param>
/// <param name="Currency">ISO 4217 code of every amount.</param>
/// <param name="Lines">At least one line.</param>
/// <param name="ShippingAddress">Where the goods go; null for digital goods.</param>
/// <param name="Shipping">The shipping method and its money; null when nothing ships.</param>
/// <param name="AppliedPromotions">Promotions that took effect.</param>
public sealed record NewOrder(
    string IdempotencyScope,
    string IdempotencyKey,
    string ChannelId,
    string? CustomerId,
    string Email,
    string Currency,
    IReadOnlyList<NewOrderLine> Lines,
    OrderAddress? ShippingAddress,
    OrderShipping? Shipping,
    IReadOnlyList<OrderPromotion> AppliedPromotions);

/// <summary>One priced line, in minor units (the shape of Pricing's <c>LinePrice</c>).</summary>
/// <param name="VariantId">The catalog variant.</param>
/// <param name="Sku">Its SKU, what stock is reserved by.</param>
/// <param name="ProductTitle">The product's title at the time of purchase.</param>
/// <param name="VariantTitle">The variant's title, if any.</param>
/// <param name="Quantity">Units; positive.</param>
/// <param name="UnitPrice">Price of one unit.</param>
/// <param name="Subtotal">Unit price × quantity.</param>
/// <param name="Discount">What promotions took off; at most the subtotal.</param>
/// <param name="Tax">Tax of the line (included in the total either way).</param>
/// <param name="Total">What the shopper pays for the line.</param>
public sealed record NewOrderLine(
    string VariantId, string Sku, string ProductTitle, string? VariantTitle, int Quantity, long UnitPrice, long Subtotal, long Discount, long Tax, long Total);

/// <summary>A postal address. Personal data.</summary>
public sealed record OrderAddress(
    string FirstName, string LastName, string Line1, string? Line2, string City, string PostalCode, string Country, string? Region = null, string? Phone = null);

/// <summary>The chosen shipping method and its money (the shape of Pricing's <c>ShippingPrice</c>).</summary>
public sealed record OrderShipping(string Method, string Name, long Amount, long Discount, long Tax, long Total);

/// <summary>A promotion that took effect, and what it took off.</summary>
public sealed record OrderPromotion(string PromotionId, string? Code, string Name, long Amount);

/// <summary>An order as other modules see it: its identity, statuses and money.</summary>
/// <param name="Id">The order id (<c>ord_…</c>).</param>
/// <param name="ChannelId">The sales channel.</param>
/// <param name="CustomerId">The customer, or null for a guest.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="GrandTotal">What the shopper pays, in minor units.</param>
/// <param name="Status">Lifecycle status.</param>
/// <param name="PaymentStatus">Payment status (<see cref="OrderPaymentStatus.None"/> while pending).</param>
/// <param name="FulfillmentStatus">Fulfilment status.</param>
/// <param name="PaymentId">The payment (<c>pay_…</c>) once placed.</param>
/// <param name="Lines">SKUs and quantities, for stock.</param>
/// <param name="Version">Bumped on every change; the order's ETag.</param>
/// <param name="CreatedAt">When checkout created it.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Subtotal">Lines before discounts, in minor units.</param>
/// <param name="DiscountTotal">Discounts on lines and shipping.</param>
/// <param name="ShippingTotal">Shipping after its discount.</param>
/// <param name="TaxTotal">Tax on lines and shipping.</param>
public sealed record OrderView(
    string Id,
    string ChannelId,
    string? CustomerId,
    string Currency,
    long GrandTotal,
    OrderStatus Status,
    OrderPaymentStatus PaymentStatus,
    FulfillmentStatus FulfillmentStatus,
    string? PaymentId,
    IReadOnlyList<OrderLineView> Lines,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Subtotal,
    long DiscountTotal,
    long ShippingTotal,
    long TaxTotal);

/// <summary>A line as other modules see it.</summary>
public sealed record OrderLineView(string LineId, string VariantId, string Sku, int Quantity, long Total);
