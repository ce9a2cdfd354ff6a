using System.Data.Common;
using Meridian.Orders.Contracts;
using Meridian.Orders.Data;
using Meridian.Orders.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Meridian.Orders.Features.PlaceOrders;

/// <summary><see cref="IOrders"/>: how checkout creates, places and fails orders.</summary>
internal sealed class OrderService(OrdersDbContext db, IEventOutbox outbox, TimeProvider time, ILogger<OrderService> logger) : IOrders
{
    public async Task<OrderView> CreatePendingAsync(NewOrder order, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        Validate(order);
        if (transaction is not null)
        {
            await RegionTransactions.JoinAsync(db, transaction, cancellationToken);
        }
        if (await FindAsync(order.IdempotencyScope, order.IdempotencyKey, cancellationToken) is { } existing)
        {
            return existing.ToView();
        }
        var now = time.GetUtcNow();
        var lines = order.Lines.Select((l, i) => new OrderLine
        {
            Id = $"line_{i + 1}",
            VariantId = l.VariantId,
            Sku = l.Sku,
            ProductTitle = l.ProductTitle,
            VariantTitle = l.VariantTitle,
            Quantity = l.Quantity,
            UnitPrice = l.UnitPrice,
            Subtotal = l.Subtotal,
            Discount = l.Discount,
            Tax = l.Tax,
            Total = l.Total,
        }).ToList();
        var created = new Order
        {
            Id = Ids.New("ord"),
            ChannelId = order.ChannelId,
            CustomerId = order.CustomerId,
            Email = order.Email,
            Currency = order.Currency,
            Lines = lines,
            ShippingAddress = order.ShippingAddress,
            Shipping = order.Shipping,
            AppliedPromotions = [.. order.AppliedPromotions],
            Subtotal = lines.Sum(l => l.Subtotal),
            DiscountTotal = lines.Sum(l => l.Discount) + (order.Shipping?.Discount ?? 0),
            ShippingTotal = order.Shipping?.Total ?? 0,
            TaxTotal = lines.Sum(l => l.Tax) + (order.Shipping?.Tax ?? 0),
            GrandTotal = lines.Sum(l => l.Total) + (order.Shipping?.Total ?? 0),
            IdempotencyScope = order.IdempotencyScope,
            IdempotencyKey = order.IdempotencyKey,
            Status = OrderStatus.Pending,
            PaymentStatus = OrderPaymentStatus.None,
            FulfillmentStatus = FulfillmentStatus.Unfulfilled,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        created.History.Add(new OrderHistoryEntry { OrderId = created.Id, Field = "status", To = "pending", At = now });
        db.Orders.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Another call claimed the key between our read and our insert: its order is the order.
            db.ChangeTracker.Clear();
            return (await FindAsync(order.IdempotencyScope, order.IdempotencyKey, cancellationToken))!.ToView();
        }
        OrdersLog.OrderCreated(logger, created.Id, created.Lines.Count);
        return created.ToView();
    }

    public async Task<OrderView> MarkPlacedAsync(string orderId, string paymentId, OrderPaymentStatus paymentStatus, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        var order = await LoadAsync(orderId, cancellationToken);
        if (order.Status == OrderStatus.Placed && order.PaymentId == paymentId)
        {
            return order.ToView();
        }
        if (paymentStatus is not (OrderPaymentStatus.Authorized or OrderPaymentStatus.Captured))
        {
            throw new OrderStateException($"An order is placed with an authorized or captured payment, not {OrderStates.Snake(paymentStatus)}.");
        }
        var now = time.GetUtcNow();
        order.MoveStatus(OrderStatus.Placed, now);
        order.MovePayment(paymentStatus, now);
        order.PaymentId = paymentId;
        if (paymentStatus == OrderPaymentStatus.Captured)
        {
            order.CapturedAmount = order.GrandTotal;
        }
        order.Touch(now);
        NewEvent[] events = paymentStatus == OrderPaymentStatus.Captured
            ? [OrderEvents.Of(EventTypes.OrderPlaced, order), OrderEvents.Of(EventTypes.OrderPaid, order)]
            : [OrderEvents.Of(EventTypes.OrderPlaced, order)];
        await db.SaveWithEventsAsync(outbox, events, cancellationToken);
        OrdersLog.StatusChanged(logger, order.Id, "status", "placed");
        return order.ToView();
    }

    public async Task<OrderView> MarkPaymentFailedAsync(string orderId, string reason, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(orderId, cancellationToken);
        if (order is { Status: OrderStatus.Cancelled, PaymentStatus: OrderPaymentStatus.Failed })
        {
            return order.ToView();
        }
        var now = time.GetUtcNow();
        var why = string.IsNullOrWhiteSpace(reason) ? "payment_failed" : reason[..Math.Min(reason.Length, 200)];
        order.MoveStatus(OrderStatus.Cancelled, now, why);
        order.MovePayment(OrderPaymentStatus.Failed, now, why);
        order.Touch(now);
        await db.SaveWithEventsAsync(outbox, [OrderEvents.Of(EventTypes.OrderCancelled, order, new { reason = why })], cancellationToken);
        OrdersLog.StatusChanged(logger, order.Id, "status", "cancelled");
        return order.ToView();
    }

    public async Task<OrderView> CancelSettledElsewhereAsync(string orderId, string reason, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        if (transaction is not null)
        {
            await RegionTransactions.JoinAsync(db, transaction, cancellationToken);
        }
        var order = await LoadAsync(orderId, cancellationToken);
        if (order.Status == OrderStatus.Cancelled)
        {
            return order.ToView();
        }
        OrderStates.Status.EnsureCanMove(order.Status, OrderStatus.Cancelled);
        if (order.FulfillmentStatus != FulfillmentStatus.Unfulfilled)
        {
            throw new OrderStateException(
                $"The order's fulfillmentStatus is {OrderStates.Snake(order.FulfillmentStatus)}; only unfulfilled orders can be cancelled.");
        }
        var now = time.GetUtcNow();
        var why = string.IsNullOrWhiteSpace(reason) ? "cancelled_elsewhere" : reason[..Math.Min(reason.Length, 200)];
        var refunded = 0L;
        if (order.PaymentStatus is OrderPaymentStatus.Captured or OrderPaymentStatus.PartiallyRefunded)
        {
            refunded = order.Refundable;
            order.MovePayment(OrderPaymentStatus.Refunded, now, why);
            order.RefundedAmount = order.CapturedAmount;
        }
        order.MoveStatus(OrderStatus.Cancelled, now, why);
        order.Touch(now);
        var cancelled = OrderEvents.Of(EventTypes.OrderCancelled, order, new { reason = why });
        // The money went back where it was settled (the marketplace), so there is no refund of ours to name.
        NewEvent[] events = refunded > 0
            ? [cancelled, OrderEvents.Of(EventTypes.OrderRefunded, order, new { refundId = (string?)null, amount = new EventMoney(refunded, order.Currency) })]
            : [cancelled];
        // Inside the caller's transaction when it passed one (the context joined it above), else in one of its own.
        await db.SaveWithEventsAsync(outbox, events, cancellationToken);
        OrdersLog.StatusChanged(logger, order.Id, "status", "cancelled");
        return order.ToView();
    }

    public async Task<OrderView?> GetAsync(string orderId, CancellationToken cancellationToken = default) =>
        (await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken))?.ToView();

    public async Task<OrderView?> FindByIdempotencyKeyAsync(string scope, string key, CancellationToken cancellationToken = default) =>
        (await FindAsync(scope, key, cancellationToken))?.ToView();

    public async Task<IReadOnlyList<OrderView>> FindPendingOlderThanAsync(TimeSpan age, CancellationToken cancellationToken = default)
    {
        var before = time.GetUtcNow() - age;
        var pending = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.Pending && o.CreatedAt < before)
            .OrderBy(o => o.Id).Take(500).ToListAsync(cancellationToken);
        return pending.Select(o => o.ToView()).ToList();
    }

    private Task<Order?> FindAsync(string scope, string key, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.IdempotencyScope == scope && o.IdempotencyKey == key, cancellationToken);

    private async Task<Order> LoadAsync(string orderId, CancellationToken cancellationToken) =>
        await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken)
        ?? throw new KeyNotFoundException($"No order {orderId}.");

    private static void Validate(NewOrder order)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(order.IdempotencyScope);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.IdempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.ChannelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.Email);
        if (!Money.IsSupportedCurrency(order.Currency))
        {
            throw new ArgumentException($"Unsupported currency {order.Currency}.", nameof(order));
        }
        if (order.Lines is not { Count: > 0 })
        {
            throw new ArgumentException("An order has at least one line.", nameof(order));
        }
        foreach (var line in order.Lines)
        {
            if (line.Quantity <= 0 || line.UnitPrice < 0 || line.Subtotal != line.UnitPrice * line.Quantity
                || line.Discount < 0 || line.Discount > line.Subtotal || line.Tax < 0 || line.Total < 0)
            {
                throw new ArgumentException($"Line {line.Sku} does not add up: a positive quantity, subtotal = unit price × quantity, 0 ≤ discount ≤ subtotal.", nameof(order));
            }
        }
        if (order.Shipping is { } shipping && (shipping.Amount < 0 || shipping.Discount < 0 || shipping.Discount > shipping.Amount || shipping.Tax < 0 || shipping.Total < 0))
        {
            throw new ArgumentException("Shipping does not add up.", nameof(order));
        }
    }
}

/// <summary>Runs work in one transaction on the orders context that other modules' calls can join.</summary>
internal static class OrderTransactions
{
    public static async Task<T> InTransactionAsync<T>(this OrdersDbContext db, Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(transaction.GetDbTransaction());
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
