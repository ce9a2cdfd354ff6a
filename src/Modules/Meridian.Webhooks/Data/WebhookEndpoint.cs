namespace Meridian.Webhooks.Data;

/// <summary>A receiver of events: its URL, which types it wants, its signing secrets and its health.</summary>
internal sealed class WebhookEndpoint
{
    public required string Id { get; init; }
    public required string Url { get; set; }

    /// <summary>Exact types and prefix wildcards (<c>order.*</c>), space separated.</summary>
    public required string EventTypes { get; set; }

    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    public string? DisabledReason { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>The signing secret, encrypted with the module's Data Protection key ring.</summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation, still signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    /// <summary>Deliveries in a row that ran out of retries; a success resets it.</summary>
    public int FailedDeliveriesInARow { get; set; }

    /// <summary>When attempts started failing with no success since; null while healthy.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> EventTypeList => EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
