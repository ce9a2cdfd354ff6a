using Meridian.Channels.Contracts;
using Meridian.Channels.Domain;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Channels.Data;

internal sealed class SalesChannels(ChannelsDbContext db) : ISalesChannels
{
    public async Task<SalesChannelView?> FindAsync(string idOrHandle, CancellationToken cancellationToken = default)
    {
        var channel = await db.Channels.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == idOrHandle || c.Handle == idOrHandle, cancellationToken);
        return channel is null ? null : View(channel);
    }

    public async Task<IReadOnlyList<SalesChannelView>> ListAsync(string kind, CancellationToken cancellationToken = default)
    {
        if (!Enum.TryParse<ChannelKind>(kind, ignoreCase: true, out var wanted))
        {
            return [];
        }
        var channels = await db.Channels.AsNoTracking().Where(c => c.Kind == wanted).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return channels.Select(View).ToList();
    }

    private static SalesChannelView View(SalesChannel channel) =>
        new(channel.Id, channel.Handle, channel.Name, channel.Kind.ToString().ToLowerInvariant());
}
