namespace Meridian.Marketplace.Simulator;

/// <summary>An order as the simulated marketplace holds it. Buyer and address are synthetic, yet treated as personal data.</summary>
internal sealed class SimOrder
{
    public required string Id { get; init; }
    public required string ChannelId { get; init; }

    /// <summary><c>open</c> or <c>cancelled</c>.</summary>
    public required string Status { get; set; }

    public required string Currency { get; init; }

    /// <summary>The lines as JSON (<c>[{"sku":…,"quantity":…,"unitPrice":…}]</c>).</summary>
    public required string Lines { get; init; }

    public long ShippingTotal { get; init; }
    public long Total { get; init; }
    public required string PaymentReference { get; init; }
    public required string BuyerEmail { get; init; }
    public required string BuyerName { get; init; }

    /// <summary>The shipping address as JSON.</summary>
    public required string ShippingAddress { get; init; }

    /// <summary>Why it was cancelled: <c>buyer_cancelled</c>, <c>rejected_by_seller</c>, <c>cancelled_by_seller</c>.</summary>
    public string? CancelReason { get; set; }

    /// <summary>The HTTP status of the last delivery to Meridian; null while never delivered (the marketplace "forgot").</summary>
    public int? DeliveryStatus { get; set; }

    /// <summary>The Meridian order id the seller acknowledged the order with.</summary>
    public string? AcknowledgedOrderId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What the simulated marketplace was last told about one SKU, and how many times.</summary>
internal sealed class SimListing
{
    public required string ChannelId { get; init; }
    public required string Sku { get; init; }
    public int? Stock { get; set; }
    public int StockPushes { get; set; }
    public long? Price { get; set; }
    public string? Currency { get; set; }
    public int PricePushes { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
