using Microsoft.Extensions.Logging;

namespace Meridian.Inventory;

/// <summary>The inventory module's log messages; event ids 6000–6099. Order ids and counts only.</summary>
internal static partial class InventoryLog
{
    [LoggerMessage(6000, LogLevel.Information, "Reserved {Units} units for order {OrderId}")]
    public static partial void Reserved(ILogger logger, string orderId, int units);

    [LoggerMessage(6001, LogLevel.Information, "Could not reserve order {OrderId}: {ShortSkus} SKUs short")]
    public static partial void ReservationShort(ILogger logger, string orderId, int shortSkus);

    [LoggerMessage(6002, LogLevel.Information, "Released {Units} reserved units of order {OrderId}")]
    public static partial void Released(ILogger logger, string orderId, int units);

    [LoggerMessage(6003, LogLevel.Information, "Committed {Units} units of order {OrderId} (shipped)")]
    public static partial void Committed(ILogger logger, string orderId, int units);
}
