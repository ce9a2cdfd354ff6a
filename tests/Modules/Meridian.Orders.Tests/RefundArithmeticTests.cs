using Meridian.Orders.Contracts;
using Meridian.Orders.Domain;

namespace Meridian.Orders.Tests;

public sealed class RefundArithmeticTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static Order CapturedOrder(params (int Quantity, long Total)[] lines)
    {
        var order = new Order
        {
            Id = "ord_test",
            ChannelId = "web",
            Email = "someone@example.com",
            Currency = "EUR",
            IdempotencyScope = "scope",
            IdempotencyKey = "key",
            Lines = lines.Select((l, i) => new OrderLine
            {
                Id = $"line_{i + 1}",
                VariantId = "var",
                Sku = $"SKU-{i}",
                ProductTitle = "Shirt",
                Quantity = l.Quantity,
                UnitPrice = l.Total / l.Quantity,
                Subtotal = l.Total,
                Total = l.Total,
            }).ToList(),
            GrandTotal = lines.Sum(l => l.Total) + 500,
            Status = OrderStatus.Placed,
            PaymentStatus = OrderPaymentStatus.Captured,
        };
        order.CapturedAmount = order.GrandTotal;
        return order;
    }

    [Theory]
    [InlineData(1000, 3)]
    [InlineData(1, 7)]
    [InlineData(999_999, 13)]
    [InlineData(0, 4)]
    public void refunding_a_line_unit_by_unit_adds_up_to_exactly_its_total(long total, int quantity)
    {
        var shares = Enumerable.Range(0, quantity).Select(i => LineMoney.ShareOf(total, quantity, i, 1)).ToList();

        Assert.Equal(total, shares.Sum());
        Assert.True(shares.Max() - shares.Min() <= 1);
    }

    [Fact]
    public void refunding_in_batches_adds_up_to_the_same_total_as_unit_by_unit()
    {
        var batches = LineMoney.ShareOf(1001, 6, 0, 2) + LineMoney.ShareOf(1001, 6, 2, 3) + LineMoney.ShareOf(1001, 6, 5, 1);

        Assert.Equal(1001, batches);
    }

    [Fact]
    public void a_line_never_refunds_more_units_than_it_has_left()
    {
        var order = CapturedOrder((2, 2000));
        order.ApplyRefund("re_1", [new LineQuantity("line_1", 2)], 0, 2000, null, Now);

        var error = Assert.Throws<OrderRequestException>(() => order.PriceRefund([new LineQuantity("line_1", 1)], 0));

        Assert.Equal("refund-exceeds-line", error.Slug);
    }

    [Fact]
    public void refunds_never_add_up_to_more_than_was_captured()
    {
        var order = CapturedOrder((1, 1000));
        order.ApplyRefund("re_1", [], 1200, 1200, null, Now);

        var error = Assert.Throws<OrderRequestException>(() => order.PriceRefund([new LineQuantity("line_1", 1)], 0));

        Assert.Equal("refund-exceeds-captured", error.Slug);
        Assert.Equal(300, order.Refundable);
    }

    [Fact]
    public void partial_then_full_refunds_move_the_payment_to_refunded_and_the_totals_add_up()
    {
        var order = CapturedOrder((3, 1000), (1, 499));

        var first = order.PriceRefund([new LineQuantity("line_1", 1)], 0);
        order.ApplyRefund("re_1", [new LineQuantity("line_1", 1)], 0, first, null, Now);
        Assert.Equal(OrderPaymentStatus.PartiallyRefunded, order.PaymentStatus);
        var rest = order.PriceRefund([new LineQuantity("line_1", 2), new LineQuantity("line_2", 1)], 500);
        order.ApplyRefund("re_2", [new LineQuantity("line_1", 2), new LineQuantity("line_2", 1)], 500, rest, null, Now);

        Assert.Equal(333, first);
        Assert.Equal(OrderPaymentStatus.Refunded, order.PaymentStatus);
        Assert.Equal(order.CapturedAmount, order.RefundedAmount);
        Assert.Equal(1000, order.Lines[0].AmountRefunded);
        Assert.Equal(499, order.Lines[1].AmountRefunded);
        Assert.Equal(order.RefundedAmount, order.Refunds.Sum(r => r.Amount));
    }

    [Fact]
    public void applying_the_same_refund_twice_records_it_once()
    {
        var order = CapturedOrder((2, 1000));

        order.ApplyRefund("re_1", [new LineQuantity("line_1", 1)], 0, 500, null, Now);
        order.ApplyRefund("re_1", [new LineQuantity("line_1", 1)], 0, 500, null, Now);

        Assert.Equal(500, order.RefundedAmount);
        Assert.Equal(1, order.Lines[0].QuantityRefunded);
    }

    [Fact]
    public void returns_are_limited_to_fulfilled_units_and_move_the_fulfillment_status()
    {
        var order = CapturedOrder((2, 1000), (1, 500));
        order.Fulfil([new LineQuantity("line_1", 2)], "dhl", "123", Now);
        Assert.Equal(FulfillmentStatus.PartiallyFulfilled, order.FulfillmentStatus);

        var error = Assert.Throws<OrderRequestException>(() => order.Return([new LineQuantity("line_2", 1)], null, Now));
        order.Return([new LineQuantity("line_1", 1)], "too small", Now);

        Assert.Equal("return-exceeds-fulfilled", error.Slug);
        Assert.Equal(FulfillmentStatus.PartiallyReturned, order.FulfillmentStatus);
        Assert.Equal(["status", "fulfillmentStatus", "fulfillmentStatus"], order.History.Select(h => h.Field).Prepend("status"));
    }

    [Fact]
    public void fulfilling_every_unit_completes_the_order()
    {
        var order = CapturedOrder((2, 1000));

        order.Fulfil([new LineQuantity("line_1", 1)], null, null, Now);
        order.Fulfil([new LineQuantity("line_1", 1)], null, null, Now);
        var error = Assert.Throws<OrderStateException>(() => order.Fulfil([new LineQuantity("line_1", 1)], null, null, Now));

        Assert.Equal(FulfillmentStatus.Fulfilled, order.FulfillmentStatus);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Contains("is completed", error.Message, StringComparison.Ordinal);
    }
}
