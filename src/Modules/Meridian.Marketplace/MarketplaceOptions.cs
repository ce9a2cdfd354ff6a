namespace Meridian.Marketplace;

/// <summary>Settings under <c>Meridian:Marketplace</c>.</summary>
internal sealed class MarketplaceOptions
{
    public const string Section = "Meridian:Marketplace";

    /// <summary>How often the reconciliation job compares each marketplace's orders with Meridian's.</summary>
    public TimeSpan ReconciliationInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back a reconciliation run looks at the marketplace's changed orders.</summary>
    public TimeSpan ReconciliationWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How far a signed request's timestamp may be from now (Standard Webhooks suggests 5 minutes).</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per marketplace channel, keyed by the channel's handle.</summary>
    public Dictionary<string, MarketplaceChannelOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Settings of one marketplace channel, under <c>Meridian:Marketplace:Channels:{handle}</c>.</summary>
internal sealed class MarketplaceChannelOptions
{
    /// <summary>The connector serving the channel.</summary>
    public string Connector { get; set; } = Simulator.SimMarketConnector.ConnectorName;

    /// <summary>
    /// The shared secret inbound requests are signed with (<c>whsec_</c> and base64). Unset: a random one is
    /// generated once, stored, and printed to the console; rotate it with the admin API.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>The currency the channel sells and is priced in.</summary>
    public string Currency { get; set; } = "EUR";
}
