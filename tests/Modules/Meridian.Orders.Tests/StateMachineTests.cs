using Meridian.Orders.Contracts;
using Meridian.Orders.Domain;

namespace Meridian.Orders.Tests;

/// <summary>Every pair of states of each status field: allowed exactly when the contract's table says so.</summary>
public sealed class StateMachineTests
{
    private static readonly HashSet<(OrderStatus, OrderStatus)> StatusAllowed =
    [
        (OrderStatus.Pending, OrderStatus.Placed), (OrderStatus.Pending, OrderStatus.Cancelled),
        (OrderStatus.Placed, OrderStatus.Completed), (OrderStatus.Placed, OrderStatus.Cancelled),
    ];

    private static readonly HashSet<(OrderPaymentStatus, OrderPaymentStatus)> PaymentAllowed =
    [
        (OrderPaymentStatus.None, OrderPaymentStatus.Authorized), (OrderPaymentStatus.None, OrderPaymentStatus.Captured),
        (OrderPaymentStatus.None, OrderPaymentStatus.Failed),
        (OrderPaymentStatus.Authorized, OrderPaymentStatus.Captured), (OrderPaymentStatus.Authorized, OrderPaymentStatus.Voided),
        (OrderPaymentStatus.Captured, OrderPaymentStatus.PartiallyRefunded), (OrderPaymentStatus.Captured, OrderPaymentStatus.Refunded),
        (OrderPaymentStatus.PartiallyRefunded, OrderPaymentStatus.Refunded),
    ];

    private static readonly HashSet<(FulfillmentStatus, FulfillmentStatus)> FulfillmentAllowed =
    [
        (FulfillmentStatus.Unfulfilled, FulfillmentStatus.PartiallyFulfilled), (FulfillmentStatus.Unfulfilled, FulfillmentStatus.Fulfilled),
        (FulfillmentStatus.PartiallyFulfilled, FulfillmentStatus.Fulfilled), (FulfillmentStatus.PartiallyFulfilled, FulfillmentStatus.PartiallyReturned),
        (FulfillmentStatus.Fulfilled, FulfillmentStatus.PartiallyReturned), (FulfillmentStatus.Fulfilled, FulfillmentStatus.Returned),
        (FulfillmentStatus.PartiallyReturned, FulfillmentStatus.Returned),
    ];

    private static TheoryData<T, T> Pairs<T>() where T : struct, Enum
    {
        var data = new TheoryData<T, T>();
        foreach (var from in Enum.GetValues<T>())
        {
            foreach (var to in Enum.GetValues<T>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    public static TheoryData<OrderStatus, OrderStatus> StatusPairs() => Pairs<OrderStatus>();

    public static TheoryData<OrderPaymentStatus, OrderPaymentStatus> PaymentPairs() => Pairs<OrderPaymentStatus>();

    public static TheoryData<FulfillmentStatus, FulfillmentStatus> FulfillmentPairs() => Pairs<FulfillmentStatus>();

    [Theory]
    [MemberData(nameof(StatusPairs))]
    public void an_order_status_moves_only_along_the_table(OrderStatus from, OrderStatus to) =>
        Check(OrderStates.Status, StatusAllowed.Contains((from, to)), from, to);

    [Theory]
    [MemberData(nameof(PaymentPairs))]
    public void a_payment_status_moves_only_along_the_table(OrderPaymentStatus from, OrderPaymentStatus to) =>
        Check(OrderStates.Payment, PaymentAllowed.Contains((from, to)), from, to);

    [Theory]
    [MemberData(nameof(FulfillmentPairs))]
    public void a_fulfillment_status_moves_only_along_the_table(FulfillmentStatus from, FulfillmentStatus to) =>
        Check(OrderStates.Fulfillment, FulfillmentAllowed.Contains((from, to)), from, to);

    [Fact]
    public void the_tables_hold_exactly_the_tested_transitions()
    {
        Assert.Equal(StatusAllowed.OrderBy(p => p), OrderStates.Status.Transitions.OrderBy(p => p));
        Assert.Equal(PaymentAllowed.OrderBy(p => p), OrderStates.Payment.Transitions.OrderBy(p => p));
        Assert.Equal(FulfillmentAllowed.OrderBy(p => p), OrderStates.Fulfillment.Transitions.OrderBy(p => p));
    }

    [Fact]
    public void statuses_are_named_in_the_contracts_snake_case()
    {
        Assert.Equal("partially_refunded", OrderStates.Snake(OrderPaymentStatus.PartiallyRefunded));
        Assert.Equal("partially_fulfilled", OrderStates.Snake(FulfillmentStatus.PartiallyFulfilled));
        Assert.Null(OrderStates.PaymentName(OrderPaymentStatus.None));
    }

    private static void Check<T>(StateMachine<T> machine, bool allowed, T from, T to) where T : struct, Enum
    {
        Assert.Equal(allowed, machine.CanMove(from, to));
        if (allowed)
        {
            machine.EnsureCanMove(from, to);
        }
        else
        {
            var error = Assert.Throws<OrderStateException>(() => machine.EnsureCanMove(from, to));
            Assert.Contains($"is {OrderStates.Snake(from)}", error.Message, StringComparison.Ordinal);
        }
    }
}
