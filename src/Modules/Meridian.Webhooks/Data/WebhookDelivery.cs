namespace Meridian.Webhooks.Data;

/// <summary>One event owed to one endpoint: the durable queue the worker drains, and the delivery log.</summary>
internal sealed class WebhookDelivery
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public required string Id { get; init; }
    public required string EndpointId { get; init; }
    public required string EventId { get; init; }
    public required string EventType { get; init; }

    /// <summary>The CloudEvents JSON exactly as sent and signed.</summary>
    public required string Body { get; init; }

    public string Status { get; set; } = Pending;

    /// <summary>Attempts since the delivery was enqueued or last redelivered: the position in the retry schedule.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Who is sending it now and until when; another replica may take it once the lease has run out.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }

    public List<WebhookAttempt> AttemptLog { get; init; } = [];
}

/// <summary>One HTTP attempt of a delivery, for the delivery log.</summary>
internal sealed class WebhookAttempt
{
    public long Id { get; init; }
    public required string DeliveryId { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }

    /// <summary>The receiver's status; null when no response came (refused, timed out, connection failed).</summary>
    public int? StatusCode { get; init; }

    public int DurationMs { get; init; }
    public string? Error { get; init; }
}
