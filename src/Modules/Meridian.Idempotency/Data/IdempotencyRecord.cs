namespace Meridian.Idempotency.Data;

internal sealed class IdempotencyRecord
{
    public required string Scope { get; init; }
    public required string Key { get; init; }
    public required string Fingerprint { get; init; }
    public bool Completed { get; set; }
    public DateTimeOffset LeaseUntil { get; set; }
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }
    public string? Headers { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
}
