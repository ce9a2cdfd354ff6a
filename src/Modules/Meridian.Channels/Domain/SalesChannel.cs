namespace Meridian.Channels.Domain;

internal enum ChannelKind
{
    Web,
    Kiosk,
    Mobile,
    Marketplace,
}

internal sealed class SalesChannel
{
    public required string Id { get; init; }
    public required string Handle { get; init; }
    public required string Name { get; set; }
    public required ChannelKind Kind { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
