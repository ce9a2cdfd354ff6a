namespace Meridian.Channels.Contracts;

/// <summary>A sales channel as other modules see it.</summary>
/// <param name="Id">The channel id (<c>chan_…</c>), what orders record.</param>
/// <param name="Handle">Its handle (<c>marketplace</c>), what URLs and configuration name.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Kind">One of <see cref="SalesChannelKinds"/>.</param>
public sealed record SalesChannelView(string Id, string Handle, string Name, string Kind);

/// <summary>The kinds of sales channel, as <see cref="SalesChannelView.Kind"/> names them.</summary>
public static class SalesChannelKinds
{
    /// <summary>A web storefront.</summary>
    public const string Web = "web";

    /// <summary>An in-store kiosk.</summary>
    public const string Kiosk = "kiosk";

    /// <summary>A mobile app.</summary>
    public const string Mobile = "mobile";

    /// <summary>A marketplace that sells on the merchant's behalf and sends its orders in.</summary>
    public const string Marketplace = "marketplace";
}

/// <summary>Looks up sales channels, for modules that act per channel (marketplace connectors).</summary>
public interface ISalesChannels
{
    /// <summary>The channel with this id or handle, or null.</summary>
    Task<SalesChannelView?> FindAsync(string idOrHandle, CancellationToken cancellationToken = default);

    /// <summary>Every channel of <paramref name="kind"/>, ordered by id.</summary>
    Task<IReadOnlyList<SalesChannelView>> ListAsync(string kind, CancellationToken cancellationToken = default);
}
