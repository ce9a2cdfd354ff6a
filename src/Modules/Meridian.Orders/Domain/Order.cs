using Meridian.Orders.Contracts;

namespace Meridian.Orders.Domain;

/// <summary>A request the order's rules refuse for its content, not its state (a refund over what was captured): 422.</summary>
internal sealed class OrderRequestException(string slug, string message) : Exception(message)
{
    public string Slug => slug;
}

/// <summary>One line of an order, with what happened to its units since.</summary>
internal sealed class OrderLine
{
    public required string Id { get; init; }
    public required string VariantId { get; init; }
    public required string Sku { get; init; }
    public required string ProductTitle { get; init; }
    public string? VariantTitle { get; init; }
    public int Quantity { get; init; }
    public long UnitPrice { get; init; }
    public long Subtotal { get; init; }
    public long Discount { get; init; }
    public long Tax { get; init; }
    public long Total { get; init; }
    public int QuantityFulfilled { get; set; }
    public int QuantityReturned { get; set; }
    public int QuantityRefunded { get; set; }
    public long AmountRefunded { get; set; }
}

/// <summary>Units of one line in a fulfilment, return or refund.</summary>
internal sealed record LineQuantity(string LineId, int Quantity);

/// <summary>A shipment: which units left, with whom.</summary>
internal sealed record Fulfillment(string Id, IReadOnlyList<LineQuantity> Lines, string? Carrier, string? TrackingNumber, DateTimeOffset CreatedAt);

/// <summary>Units that came back, and the refund made for them, if any.</summary>
internal sealed record OrderReturn(string Id, IReadOnlyList<LineQuantity> Lines, string? Reason, string? RefundId, DateTimeOffset CreatedAt);

/// <summary>Money given back: per-line units and an amount not tied to a line (shipping, goodwill).</summary>
internal sealed record OrderRefund(string Id, long Amount, IReadOnlyList<LineQuantity> Lines, long ExtraAmount, string? Reason, DateTimeOffset CreatedAt);

/// <summary>One change of one status field. Append-only: rows are added, never changed.</summary>
internal sealed class OrderHistoryEntry
{
    public long Id { get; init; }
    public required string OrderId { get; init; }
    public required string Field { get; init; }
    public string? From { get; init; }
    public required string To { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>
/// An order: what was bought, for how much, and where its three status fields stand. Every change goes
/// through a method here, which checks the state machines, records history and bumps <see cref="Version"/>.
/// </summary>
internal sealed class Order
{
    public required string Id { get; init; }
    public required string ChannelId { get; init; }
    public string? CustomerId { get; init; }
    public required string Email { get; init; }
    public required string Currency { get; init; }
    public List<OrderLine> Lines { get; set; } = [];
    public OrderAddress? ShippingAddress { get; init; }
    public OrderShipping? Shipping { get; init; }
    public List<OrderPromotion> AppliedPromotions { get; set; } = [];
    public long Subtotal { get; init; }
    public long DiscountTotal { get; init; }
    public long ShippingTotal { get; init; }
    public long TaxTotal { get; init; }
    public long GrandTotal { get; init; }
    public required string IdempotencyScope { get; init; }
    public required string IdempotencyKey { get; init; }
    public string? PaymentId { get; set; }
    public OrderStatus Status { get; set; }
    public OrderPaymentStatus PaymentStatus { get; set; }
    public FulfillmentStatus FulfillmentStatus { get; set; }
    public long CapturedAmount { get; set; }
    public long RefundedAmount { get; set; }
    public List<Fulfillment> Fulfillments { get; set; } = [];
    public List<OrderReturn> Returns { get; set; } = [];
    public List<OrderRefund> Refunds { get; set; } = [];
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<OrderHistoryEntry> History { get; init; } = [];

    public string ETag => $"\"{Id}.{Version}\"";

    public long Refundable => CapturedAmount - RefundedAmount;

    public void MoveStatus(OrderStatus to, DateTimeOffset now, string? reason = null)
    {
        OrderStates.Status.EnsureCanMove(Status, to);
        Record("status", OrderStates.Snake(Status), OrderStates.Snake(to), reason, now);
        Status = to;
    }

    public void MovePayment(OrderPaymentStatus to, DateTimeOffset now, string? reason = null)
    {
        if (to == PaymentStatus && to == OrderPaymentStatus.PartiallyRefunded)
        {
            return;
        }
        OrderStates.Payment.EnsureCanMove(PaymentStatus, to);
        Record("paymentStatus", OrderStates.PaymentName(PaymentStatus), OrderStates.Snake(to), reason, now);
        PaymentStatus = to;
    }

    /// <summary>Derives the fulfilment status from the lines' units and moves to it when it changed.</summary>
    public void SyncFulfillment(DateTimeOffset now)
    {
        var ordered = Lines.Sum(l => l.Quantity);
        var fulfilled = Lines.Sum(l => l.QuantityFulfilled);
        var returned = Lines.Sum(l => l.QuantityReturned);
        var to = returned > 0
            ? returned == ordered ? FulfillmentStatus.Returned : FulfillmentStatus.PartiallyReturned
            : fulfilled == 0 ? FulfillmentStatus.Unfulfilled : fulfilled == ordered ? FulfillmentStatus.Fulfilled : FulfillmentStatus.PartiallyFulfilled;
        if (to == FulfillmentStatus)
        {
            return;
        }
        OrderStates.Fulfillment.EnsureCanMove(FulfillmentStatus, to);
        Record("fulfillmentStatus", OrderStates.Snake(FulfillmentStatus), OrderStates.Snake(to), null, now);
        FulfillmentStatus = to;
    }

    /// <summary>Ships units: checks each against what is left to ship, records the fulfilment, completes the order when all shipped.</summary>
    public Fulfillment Fulfil(IReadOnlyList<LineQuantity> lines, string? carrier, string? trackingNumber, DateTimeOffset now)
    {
        if (Status != OrderStatus.Placed)
        {
            throw new OrderStateException($"The order's status is {OrderStates.Snake(Status)}; only placed orders can be fulfilled.");
        }
        if (PaymentStatus is not (OrderPaymentStatus.Authorized or OrderPaymentStatus.Captured or OrderPaymentStatus.PartiallyRefunded))
        {
            throw new OrderStateException($"The order's paymentStatus is {OrderStates.PaymentName(PaymentStatus)}; it cannot be fulfilled.");
        }
        foreach (var (line, quantity) in Resolve(lines))
        {
            if (quantity > line.Quantity - line.QuantityFulfilled)
            {
                throw new OrderRequestException("fulfillment-exceeds-ordered",
                    $"Line {line.Id} has {line.Quantity - line.QuantityFulfilled} units left to fulfil; {quantity} were asked.");
            }
            line.QuantityFulfilled += quantity;
        }
        var fulfillment = new Fulfillment(SharedKernel.Ids.New("ful"), lines, carrier, trackingNumber, now);
        Fulfillments = [.. Fulfillments, fulfillment];
        SyncFulfillment(now);
        if (FulfillmentStatus == FulfillmentStatus.Fulfilled)
        {
            MoveStatus(OrderStatus.Completed, now);
        }
        Touch(now);
        return fulfillment;
    }

    /// <summary>Takes back shipped units.</summary>
    public OrderReturn Return(IReadOnlyList<LineQuantity> lines, string? reason, DateTimeOffset now)
    {
        foreach (var (line, quantity) in Resolve(lines))
        {
            if (quantity > line.QuantityFulfilled - line.QuantityReturned)
            {
                throw new OrderRequestException("return-exceeds-fulfilled",
                    $"Line {line.Id} has {line.QuantityFulfilled - line.QuantityReturned} fulfilled units not yet returned; {quantity} were asked.");
            }
            line.QuantityReturned += quantity;
        }
        var entry = new OrderReturn(SharedKernel.Ids.New("ret"), lines, reason, null, now);
        Returns = [.. Returns, entry];
        SyncFulfillment(now);
        Touch(now);
        return entry;
    }

    /// <summary>
    /// What a refund of these line units plus <paramref name="extraAmount"/> comes to, checked: no line
    /// refunds more units than it has left, and the whole never exceeds what was captured and not yet refunded.
    /// </summary>
    public long PriceRefund(IReadOnlyList<LineQuantity> lines, long extraAmount)
    {
        if (PaymentStatus is not (OrderPaymentStatus.Captured or OrderPaymentStatus.PartiallyRefunded))
        {
            throw new OrderStateException($"The order's paymentStatus is {OrderStates.PaymentName(PaymentStatus) ?? "null"}; only captured payments can be refunded.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(extraAmount);
        long amount = extraAmount;
        foreach (var (line, quantity) in Resolve(lines))
        {
            if (quantity > line.Quantity - line.QuantityRefunded)
            {
                throw new OrderRequestException("refund-exceeds-line",
                    $"Line {line.Id} has {line.Quantity - line.QuantityRefunded} units not yet refunded; {quantity} were asked.");
            }
            amount += LineMoney.ShareOf(line.Total, line.Quantity, line.QuantityRefunded, quantity);
        }
        if (amount <= 0)
        {
            throw new OrderRequestException("refund-empty", "A refund needs line quantities or an amount greater than zero.");
        }
        if (amount > Refundable)
        {
            throw new OrderRequestException("refund-exceeds-captured",
                $"The refund of {amount} exceeds what is left to refund: {Refundable} of {CapturedAmount} captured.");
        }
        return amount;
    }

    /// <summary>Records a refund the payment provider made (once per refund id) and moves the payment status.</summary>
    public void ApplyRefund(string refundId, IReadOnlyList<LineQuantity> lines, long extraAmount, long amount, string? reason, DateTimeOffset now)
    {
        if (Refunds.Any(r => r.Id == refundId))
        {
            return;
        }
        foreach (var (line, quantity) in Resolve(lines))
        {
            line.AmountRefunded += LineMoney.ShareOf(line.Total, line.Quantity, line.QuantityRefunded, quantity);
            line.QuantityRefunded += quantity;
        }
        RefundedAmount += amount;
        Refunds = [.. Refunds, new OrderRefund(refundId, amount, lines, extraAmount, reason, now)];
        Lines = [.. Lines];
        MovePayment(RefundedAmount >= CapturedAmount ? OrderPaymentStatus.Refunded : OrderPaymentStatus.PartiallyRefunded, now);
        Touch(now);
    }

    public void Touch(DateTimeOffset now)
    {
        Lines = [.. Lines];
        UpdatedAt = now;
        Version++;
    }

    private IEnumerable<(OrderLine Line, int Quantity)> Resolve(IReadOnlyList<LineQuantity> lines)
    {
        if (lines.Select(l => l.LineId).Distinct(StringComparer.Ordinal).Count() != lines.Count)
        {
            throw new OrderRequestException("duplicate-line", "Each line may appear once.");
        }
        var resolved = lines.Select(l => (Line: Lines.SingleOrDefault(x => x.Id == l.LineId)
            ?? throw new OrderRequestException("unknown-line", $"The order has no line {l.LineId}."), l.Quantity)).ToList();
        if (resolved.Any(r => r.Quantity <= 0))
        {
            throw new OrderRequestException("invalid-quantity", "Every quantity must be positive.");
        }
        return resolved;
    }

    private void Record(string field, string? from, string to, string? reason, DateTimeOffset now) =>
        History.Add(new OrderHistoryEntry { OrderId = Id, Field = field, From = from, To = to, Reason = reason, At = now });

    public OrderView ToView() => new(
        Id, ChannelId, CustomerId, Currency, GrandTotal, Status, PaymentStatus, FulfillmentStatus, PaymentId,
        Lines.Select(l => new OrderLineView(l.Id, l.VariantId, l.Sku, l.Quantity, l.Total)).ToList(), Version, CreatedAt, UpdatedAt,
        Subtotal, DiscountTotal, ShippingTotal, TaxTotal);
}
