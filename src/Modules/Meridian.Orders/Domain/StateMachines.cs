using Meridian.Orders.Contracts;

namespace Meridian.Orders.Domain;

/// <summary>
/// A status field's allowed transitions, as a table. Anything not in the table is forbidden, and the
/// error names the current state so an operator knows why.
/// </summary>
internal sealed class StateMachine<T>(string name, IReadOnlyDictionary<T, T[]> allowed) where T : struct, Enum
{
    public string Field => name;

    public IEnumerable<(T From, T To)> Transitions => allowed.SelectMany(a => a.Value.Select(to => (a.Key, to)));

    public bool CanMove(T from, T to) => allowed.TryGetValue(from, out var targets) && targets.Contains(to);

    public void EnsureCanMove(T from, T to)
    {
        if (!CanMove(from, to))
        {
            throw new OrderStateException($"The order's {name} is {OrderStates.Snake(from)}; it cannot become {OrderStates.Snake(to)}.");
        }
    }
}

/// <summary>The order's three state machines.</summary>
internal static class OrderStates
{
    /// <summary>pending → placed → completed; pending or placed → cancelled. Completed and cancelled are final.</summary>
    public static readonly StateMachine<OrderStatus> Status = new("status", new Dictionary<OrderStatus, OrderStatus[]>
    {
        [OrderStatus.Pending] = [OrderStatus.Placed, OrderStatus.Cancelled],
        [OrderStatus.Placed] = [OrderStatus.Completed, OrderStatus.Cancelled],
    });

    /// <summary>
    /// none → authorized, captured (immediate capture) or failed; authorized → captured or voided;
    /// captured → partially refunded or refunded; partially refunded → refunded. Voided, refunded and failed are final.
    /// </summary>
    public static readonly StateMachine<OrderPaymentStatus> Payment = new("paymentStatus", new Dictionary<OrderPaymentStatus, OrderPaymentStatus[]>
    {
        [OrderPaymentStatus.None] = [OrderPaymentStatus.Authorized, OrderPaymentStatus.Captured, OrderPaymentStatus.Failed],
        [OrderPaymentStatus.Authorized] = [OrderPaymentStatus.Captured, OrderPaymentStatus.Voided],
        [OrderPaymentStatus.Captured] = [OrderPaymentStatus.PartiallyRefunded, OrderPaymentStatus.Refunded],
        [OrderPaymentStatus.PartiallyRefunded] = [OrderPaymentStatus.Refunded],
    });

    /// <summary>
    /// unfulfilled → partially fulfilled or fulfilled; partially fulfilled → fulfilled or partially returned;
    /// fulfilled → partially returned or returned; partially returned → returned. Returned is final.
    /// </summary>
    public static readonly StateMachine<FulfillmentStatus> Fulfillment = new("fulfillmentStatus", new Dictionary<FulfillmentStatus, FulfillmentStatus[]>
    {
        [FulfillmentStatus.Unfulfilled] = [FulfillmentStatus.PartiallyFulfilled, FulfillmentStatus.Fulfilled],
        [FulfillmentStatus.PartiallyFulfilled] = [FulfillmentStatus.Fulfilled, FulfillmentStatus.PartiallyReturned],
        [FulfillmentStatus.Fulfilled] = [FulfillmentStatus.PartiallyReturned, FulfillmentStatus.Returned],
        [FulfillmentStatus.PartiallyReturned] = [FulfillmentStatus.Returned],
    });

    /// <summary>The contract's snake_case name of a status (<c>partially_refunded</c>); null for <see cref="OrderPaymentStatus.None"/>.</summary>
    public static string Snake<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }

    public static string? PaymentName(OrderPaymentStatus status) => status == OrderPaymentStatus.None ? null : Snake(status);
}
