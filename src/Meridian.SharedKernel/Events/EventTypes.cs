namespace Meridian.SharedKernel.Events;

/// <summary>
/// Every event type Meridian publishes: the public event contract, as binding as the HTTP one. A type
/// changes only by adding fields; a breaking change is a new version (<c>.v2</c>) published beside the old.
/// </summary>
public static class EventTypes
{
    /// <summary>A product was created, replaced or deleted; data carries the product id and whether it still exists.</summary>
    public const string ProductChanged = "product.changed.v1";

    /// <summary>A cart became an order.</summary>
    public const string CartConverted = "cart.converted.v1";

    /// <summary>An order's payment is held: the shop should fulfil it.</summary>
    public const string OrderPlaced = "order.placed.v1";

    /// <summary>An order's payment was captured.</summary>
    public const string OrderPaid = "order.paid.v1";

    /// <summary>Some or all lines of an order shipped.</summary>
    public const string OrderFulfilled = "order.fulfilled.v1";

    /// <summary>An order was cancelled (by the customer, an operator, or because its payment failed).</summary>
    public const string OrderCancelled = "order.cancelled.v1";

    /// <summary>Money went back to the customer, in part or in full.</summary>
    public const string OrderRefunded = "order.refunded.v1";

    /// <summary>Shipped units of an order came back (a refund they trigger is its own <see cref="OrderRefunded"/>).</summary>
    public const string OrderReturned = "order.returned.v1";

    /// <summary>A customer registered.</summary>
    public const string CustomerRegistered = "customer.registered.v1";

    /// <summary>A customer was erased; consumers must forget what they hold about them.</summary>
    public const string CustomerErased = "customer.erased.v1";

    /// <summary>What can be sold of a SKU changed (reservation, release, restock).</summary>
    public const string StockChanged = "stock.changed.v1";

    /// <summary>All types, for validating webhook filters.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ProductChanged, CartConverted, OrderPlaced, OrderPaid, OrderFulfilled, OrderCancelled, OrderRefunded, OrderReturned,
        CustomerRegistered, CustomerErased, StockChanged,
    };
}
