namespace Meridian.Inventory.Domain;

/// <summary>A place stock is kept: a warehouse, a store's back room.</summary>
internal sealed class StockLocation
{
    public required string Id { get; init; }
    public required string Handle { get; init; }
    public required string Name { get; set; }
}

/// <summary>
/// Stock of one SKU at one location. <see cref="Reserved"/> is held for orders not yet shipped, so
/// what can be sold is <see cref="Available"/>; checkout reserves in the order's transaction.
/// </summary>
internal sealed class StockLevel
{
    public required string Sku { get; init; }
    public required string LocationId { get; init; }
    public int OnHand { get; set; }
    public int Reserved { get; set; }

    public int Available => Math.Max(0, OnHand - Reserved);
}
