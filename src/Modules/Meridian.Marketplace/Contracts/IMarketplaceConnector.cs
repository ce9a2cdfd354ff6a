using Meridian.SharedKernel;

namespace Meridian.Marketplace.Contracts;

/// <summary>
/// The seam between Meridian and one marketplace. A connector is a translator: it checks that an inbound
/// request really comes from the marketplace, reads the marketplace's order format, and makes the calls the
/// marketplace's API offers. It holds no Meridian state; the module does the idempotency, the order creation,
/// the audit trail and the retries (pushes run as event consumers, so a connector that throws is retried with
/// backoff and, in the end, dead-lettered).
/// </summary>
/// <remarks>
/// A real connector is registered beside the built-in one with
/// <c>services.AddSingleton&lt;IMarketplaceConnector, MyConnector&gt;()</c> and chosen per channel with
/// <c>Meridian:Marketplace:Channels:{channel handle}:Connector</c>. Outbound calls belong in a resilience pipeline
/// (timeout, retries with jitter for idempotent calls, circuit breaker). Every call is safe to repeat: pushes set
/// a value (never add to one), acknowledging or cancelling twice is a no-op on the marketplace.
/// </remarks>
public interface IMarketplaceConnector
{
    /// <summary>The name configuration selects the connector by (<c>simmarket</c>, <c>amazon-sp</c>…).</summary>
    string Name { get; }

    /// <summary>
    /// Checks that <paramref name="request"/> was signed by the marketplace with <paramref name="secret"/>, over the
    /// raw body exactly as received, within the allowed clock skew around <paramref name="now"/>. Compare in
    /// constant time. Called before the body is parsed, so an unsigned request never reaches a parser.
    /// </summary>
    SignatureCheck VerifySignature(InboundRequest request, string secret, DateTimeOffset now);

    /// <summary>Reads the marketplace's order format into a <see cref="MarketplaceOrder"/>, or says which fields are wrong.</summary>
    OrderReading ReadOrder(ReadOnlyMemory<byte> body);

    /// <summary>Tells the marketplace how many units of <paramref name="sku"/> it may sell (sets the value; never adds).</summary>
    Task PushStockAsync(MarketplaceChannel channel, string sku, int available, CancellationToken cancellationToken);

    /// <summary>Tells the marketplace the price of <paramref name="sku"/> (sets the value).</summary>
    Task PushPriceAsync(MarketplaceChannel channel, string sku, Money price, CancellationToken cancellationToken);

    /// <summary>
    /// The marketplace's orders of <paramref name="channel"/> created or changed at or after <paramref name="since"/>,
    /// in any status: what reconciliation compares with Meridian's. Page through the marketplace's API as needed.
    /// </summary>
    Task<IReadOnlyList<MarketplaceOrder>> ListOrdersChangedSinceAsync(MarketplaceChannel channel, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Tells the marketplace that Meridian accepted the order as <paramref name="orderId"/> (many marketplaces require an acknowledgement).</summary>
    Task AcknowledgeOrderAsync(MarketplaceChannel channel, string marketplaceOrderId, string orderId, CancellationToken cancellationToken);

    /// <summary>Cancels the order on the marketplace, which refunds its buyer; <paramref name="reason"/> is a code.</summary>
    Task CancelOrderAsync(MarketplaceChannel channel, string marketplaceOrderId, string reason, CancellationToken cancellationToken);
}

/// <summary>A marketplace-kind sales channel and the connector serving it.</summary>
/// <param name="ChannelId">The sales channel's id (<c>chan_…</c>), what Meridian's orders record.</param>
/// <param name="Handle">The channel's handle, what configuration is keyed by.</param>
/// <param name="Connector">The <see cref="IMarketplaceConnector.Name"/> serving it.</param>
/// <param name="Currency">The currency the channel sells in, what prices are pushed in.</param>
public sealed record MarketplaceChannel(string ChannelId, string Handle, string Connector, string Currency);

/// <summary>An inbound request as received: header names in lower case, the body byte for byte.</summary>
public sealed record InboundRequest(IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);

/// <summary>The outcome of <see cref="IMarketplaceConnector.VerifySignature"/>.</summary>
public enum SignatureCheck
{
    /// <summary>Signed with the secret, in time.</summary>
    Valid,

    /// <summary>A signature header is absent.</summary>
    Missing,

    /// <summary>No signature matches the body and the secret.</summary>
    Invalid,

    /// <summary>The signature's timestamp is too far from now: possibly a replay.</summary>
    Expired,
}

/// <summary>Where an order stands on the marketplace.</summary>
public enum MarketplaceOrderStatus
{
    /// <summary>Paid and waiting for the seller.</summary>
    Open,

    /// <summary>Cancelled on the marketplace; its buyer is refunded there.</summary>
    Cancelled,
}

/// <summary>An order as the marketplace holds it. The marketplace collected the money; amounts are in minor units.</summary>
/// <param name="MarketplaceOrderId">The marketplace's id: the idempotency key of the import.</param>
/// <param name="Status">Open or cancelled on the marketplace.</param>
/// <param name="Currency">ISO 4217 code of every amount.</param>
/// <param name="Lines">SKUs, quantities and the marketplace's unit prices.</param>
/// <param name="ShippingTotal">What the buyer paid for shipping.</param>
/// <param name="Total">What the buyer paid in all: lines plus shipping.</param>
/// <param name="PaymentReference">The marketplace's reference of the payment it collected.</param>
/// <param name="Buyer">Who bought. Personal data: never logged.</param>
/// <param name="ShippingAddress">Where the goods go. Personal data.</param>
/// <param name="CreatedAt">When the buyer ordered.</param>
/// <param name="UpdatedAt">When the order last changed on the marketplace.</param>
public sealed record MarketplaceOrder(
    string MarketplaceOrderId,
    MarketplaceOrderStatus Status,
    string Currency,
    IReadOnlyList<MarketplaceOrderLine> Lines,
    long ShippingTotal,
    long Total,
    string PaymentReference,
    MarketplaceBuyer Buyer,
    MarketplaceAddress? ShippingAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One line of a marketplace order.</summary>
public sealed record MarketplaceOrderLine(string Sku, int Quantity, long UnitPrice);

/// <summary>The buyer as the marketplace shares them (often a relay address). Personal data.</summary>
public sealed record MarketplaceBuyer(string Email, string Name);

/// <summary>A shipping address. Personal data.</summary>
public sealed record MarketplaceAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);

/// <summary>The outcome of <see cref="IMarketplaceConnector.ReadOrder"/>: an order, or field errors (field → messages).</summary>
public sealed record OrderReading(MarketplaceOrder? Order, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>A well-formed order.</summary>
    public static OrderReading Of(MarketplaceOrder order) => new(order, new Dictionary<string, string[]>());

    /// <summary>A malformed body.</summary>
    public static OrderReading Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}
