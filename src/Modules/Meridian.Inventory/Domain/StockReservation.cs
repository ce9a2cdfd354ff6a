namespace Meridian.Inventory.Domain;

/// <summary>
/// Units of one SKU at one location held for one order. Keyed by (order, SKU, location), so a
/// release gives back exactly what was taken, and only once.
/// </summary>
internal sealed class StockReservation
{
    public required string OrderId { get; init; }
    public required string Sku { get; init; }
    public required string LocationId { get; init; }
    public int Quantity { get; set; }
}
