namespace Meridian.Orders.Domain;

/// <summary>
/// How a line's money splits by units, in integer minor units. Refunding a line unit by unit (or in any
/// batches) adds up to exactly its total, never a cent more: the share of units <c>[a, a+n)</c> is
/// <c>⌊total·(a+n)/q⌋ − ⌊total·a/q⌋</c>.
/// </summary>
internal static class LineMoney
{
    /// <summary>What <paramref name="units"/> more units of a line are worth after <paramref name="alreadyUnits"/> were refunded.</summary>
    public static long ShareOf(long lineTotal, int lineQuantity, int alreadyUnits, int units)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lineQuantity);
        ArgumentOutOfRangeException.ThrowIfNegative(alreadyUnits);
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alreadyUnits + units, lineQuantity);
        return Floor(lineTotal, alreadyUnits + units, lineQuantity) - Floor(lineTotal, alreadyUnits, lineQuantity);
    }

    private static long Floor(long total, int units, int quantity) => (long)(((Int128)total * units) / quantity);
}
