using Meridian.Channels.Contracts;
using Meridian.Marketplace.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Marketplace.Connectors;

/// <summary>The marketplace-kind sales channels and the connector configured for each.</summary>
internal sealed class MarketplaceChannels(
    ISalesChannels channels, IEnumerable<IMarketplaceConnector> connectors, IOptions<MarketplaceOptions> options, ILogger<MarketplaceChannels> logger)
{
    /// <summary>The channel with this id or handle, if it is a marketplace with a registered connector.</summary>
    public async Task<(MarketplaceChannel Channel, IMarketplaceConnector Connector)?> FindAsync(string idOrHandle, CancellationToken cancellationToken)
    {
        var channel = await channels.FindAsync(idOrHandle, cancellationToken);
        return channel is { Kind: SalesChannelKinds.Marketplace } ? Resolve(channel) : null;
    }

    public async Task<IReadOnlyList<(MarketplaceChannel Channel, IMarketplaceConnector Connector)>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await channels.ListAsync(SalesChannelKinds.Marketplace, cancellationToken);
        return all.Select(Resolve).OfType<(MarketplaceChannel, IMarketplaceConnector)>().ToList();
    }

    public MarketplaceChannelOptions OptionsOf(string handle) =>
        options.Value.Channels.TryGetValue(handle, out var configured) ? configured : new MarketplaceChannelOptions();

    private (MarketplaceChannel, IMarketplaceConnector)? Resolve(SalesChannelView channel)
    {
        var settings = OptionsOf(channel.Handle);
        var connector = connectors.FirstOrDefault(c => string.Equals(c.Name, settings.Connector, StringComparison.OrdinalIgnoreCase));
        if (connector is null)
        {
            logger.UnknownConnector(channel.Handle, settings.Connector);
            return null;
        }
        return (new MarketplaceChannel(channel.Id, channel.Handle, connector.Name, settings.Currency.ToUpperInvariant()), connector);
    }
}
