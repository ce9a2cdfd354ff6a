using Meridian.Marketplace.Contracts;
using Meridian.Marketplace.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Marketplace.Connectors;

/// <summary>
/// The shared secret each marketplace channel signs inbound requests with: the configured one, or else one
/// generated once and stored (a signature needs the secret itself, so it cannot be kept only as a hash).
/// </summary>
internal sealed class MarketplaceSecrets(MarketplaceDbContext db, MarketplaceChannels channels, TimeProvider time)
{
    public bool IsConfigured(MarketplaceChannel channel) => channels.OptionsOf(channel.Handle).Secret is { Length: > 0 };

    /// <summary>The channel's secret; generated and stored on first use when none is configured. The flag says whether it was just generated.</summary>
    public async Task<(string Secret, bool Generated)> GetAsync(MarketplaceChannel channel, CancellationToken cancellationToken)
    {
        if (channels.OptionsOf(channel.Handle).Secret is { Length: > 0 } configured)
        {
            return (configured, false);
        }
        if (await db.Secrets.AsNoTracking().SingleOrDefaultAsync(s => s.ChannelId == channel.ChannelId, cancellationToken) is { } stored)
        {
            return (stored.Secret, false);
        }
        db.Secrets.Add(new ChannelSecret { ChannelId = channel.ChannelId, Secret = StandardWebhooks.NewSecret(), CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ((await db.Secrets.AsNoTracking().SingleAsync(s => s.ChannelId == channel.ChannelId, cancellationToken)).Secret, true);
        }
        catch (DbUpdateException)
        {
            // Another request generated it first: theirs is the secret.
            db.ChangeTracker.Clear();
            return ((await db.Secrets.AsNoTracking().SingleAsync(s => s.ChannelId == channel.ChannelId, cancellationToken)).Secret, false);
        }
    }

    /// <summary>A new generated secret replaces the stored one; null when the secret comes from configuration.</summary>
    public async Task<string?> RotateAsync(MarketplaceChannel channel, CancellationToken cancellationToken)
    {
        if (IsConfigured(channel))
        {
            return null;
        }
        await GetAsync(channel, cancellationToken);
        var stored = await db.Secrets.SingleAsync(s => s.ChannelId == channel.ChannelId, cancellationToken);
        stored.Secret = StandardWebhooks.NewSecret();
        stored.CreatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return stored.Secret;
    }
}
