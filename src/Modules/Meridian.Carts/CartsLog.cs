using Microsoft.Extensions.Logging;

namespace Meridian.Carts;

/// <summary>The carts module's log messages; event ids 6000–6099. Ids only: never an email, a name or an address.</summary>
internal static partial class CartsLog
{
    [LoggerMessage(6000, LogLevel.Information, "Created cart {CartId} in channel {ChannelId}")]
    public static partial void CartCreated(this ILogger logger, string cartId, string? channelId);

    [LoggerMessage(6001, LogLevel.Information, "Merged cart {SourceCartId} into cart {TargetCartId} on sign-in")]
    public static partial void CartsMerged(this ILogger logger, string sourceCartId, string targetCartId);

    [LoggerMessage(6002, LogLevel.Information, "Deleted {Count} expired carts")]
    public static partial void ExpiredCartsDeleted(this ILogger logger, int count);

    [LoggerMessage(6003, LogLevel.Debug, "Cart {CartId} changed under a writer without If-Match; retrying (attempt {Attempt})")]
    public static partial void ConcurrentChangeRetried(this ILogger logger, string cartId, int attempt);

    [LoggerMessage(6004, LogLevel.Information, "Cart {CartId} converted into order {OrderId}")]
    public static partial void CartConverted(this ILogger logger, string cartId, string orderId);

    [LoggerMessage(6005, LogLevel.Warning, "The expired-cart sweep failed; it runs again at the next interval")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(6006, LogLevel.Information, "The cart of order {OrderId} reopened because its payment failed")]
    public static partial void CartReopened(this ILogger logger, string orderId);
}
