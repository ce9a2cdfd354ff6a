using Microsoft.Extensions.Logging;

namespace Meridian.Channels;

/// <summary>The channels module's log messages; event ids 2000–2099. Keys are never logged, only their ids.</summary>
internal static partial class ChannelsLog
{
    [LoggerMessage(2000, LogLevel.Information, "Seeded {ChannelCount} demo sales channels and their keys")]
    public static partial void SeededDemoChannels(this ILogger logger, int channelCount);

    [LoggerMessage(2001, LogLevel.Warning, "No API key existed: created the store's first admin key and printed it once to the console")]
    public static partial void BootstrapAdminKeyCreated(this ILogger logger);
}
