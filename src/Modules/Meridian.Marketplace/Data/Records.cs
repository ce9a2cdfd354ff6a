namespace Meridian.Marketplace.Data;

/// <summary>Which Meridian order a marketplace order became: the claim that makes an import happen once.</summary>
internal sealed class OrderLink
{
    public required string ChannelId { get; init; }
    public required string MarketplaceOrderId { get; init; }
    public required string OrderId { get; init; }

    /// <summary>SHA-256 of the order's currency, lines and totals: a redelivery with other content is told apart from a retry.</summary>
    public required string Fingerprint { get; init; }

    /// <summary><c>inbound</c> or <c>reconciliation</c>.</summary>
    public required string Via { get; init; }

    public DateTimeOffset ImportedAt { get; init; }
}

/// <summary>A channel's generated signing secret (one from configuration is never stored).</summary>
internal sealed class ChannelSecret
{
    public required string ChannelId { get; init; }
    public required string Secret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The last value pushed to a marketplace for one SKU: <c>stock</c> (units) or <c>price</c> (minor units).</summary>
internal sealed class PushRecord
{
    public required string ChannelId { get; init; }
    public required string Kind { get; init; }
    public required string Sku { get; init; }
    public long Value { get; set; }
    public string? Currency { get; set; }
    public string? ProductId { get; set; }
    public required string EventId { get; set; }
    public DateTimeOffset PushedAt { get; set; }
}

/// <summary>One reconciliation run of one channel.</summary>
internal sealed class ReconciliationRun
{
    public required string Id { get; init; }
    public required string ChannelId { get; init; }

    /// <summary><c>manual</c> (the admin API) or <c>scheduled</c>.</summary>
    public required string Trigger { get; init; }

    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Examined { get; set; }
    public int Imported { get; set; }
    public int Cancelled { get; set; }
    public int Flagged { get; set; }
}

/// <summary>An audit row: what a run found different about one marketplace order, and what it did.</summary>
internal sealed class ReconciliationFinding
{
    public required string Id { get; init; }
    public required string RunId { get; init; }
    public required string ChannelId { get; init; }
    public required string MarketplaceOrderId { get; init; }
    public string? OrderId { get; init; }

    /// <summary>See <see cref="Differences"/>.</summary>
    public required string Difference { get; init; }

    public required string Detail { get; init; }

    /// <summary>See <see cref="Actions"/>.</summary>
    public required string Action { get; init; }

    public DateTimeOffset At { get; init; }
}

internal static class Differences
{
    public const string MissingInMeridian = "missing_in_meridian";
    public const string CancelledOnMarketplace = "cancelled_on_marketplace";
    public const string CancelledInMeridian = "cancelled_in_meridian";
    public const string QuantityMismatch = "quantity_mismatch";
    public const string TotalMismatch = "total_mismatch";
}

internal static class Actions
{
    public const string Imported = "imported";
    public const string Cancelled = "cancelled";
    public const string Flagged = "flagged";
    public const string None = "none";
}
