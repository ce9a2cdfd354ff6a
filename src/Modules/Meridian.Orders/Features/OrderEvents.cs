using System.Data.Common;
using Meridian.Orders.Data;
using Meridian.Orders.Domain;
using Meridian.SharedKernel.Events;
using Microsoft.EntityFrameworkCore.Storage;

namespace Meridian.Orders.Features;

/// <summary>
/// The order events and how they are saved: in the same transaction as the order's change, so an event
/// exists exactly when its change committed. Payloads hold ids, statuses and money; never the email or address.
/// </summary>
internal static class OrderEvents
{
    public static NewEvent Of(string type, Order order, object? extra = null) =>
        new(type, order.Id, new OrderEventData(
            order.Id, order.ChannelId, order.CustomerId,
            OrderStates.Snake(order.Status), OrderStates.Snake(order.PaymentStatus), OrderStates.Snake(order.FulfillmentStatus),
            new EventMoney(order.GrandTotal, order.Currency), new EventMoney(order.CapturedAmount, order.Currency),
            new EventMoney(order.RefundedAmount, order.Currency), extra));

    /// <summary>Saves the context's changes and appends <paramref name="events"/> in one transaction: the context's current one, or a new one.</summary>
    public static async Task SaveWithEventsAsync(this OrdersDbContext db, IEventOutbox outbox, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is { } current)
        {
            await db.SaveChangesAsync(cancellationToken);
            await outbox.AppendAsync(current.GetDbTransaction(), events, cancellationToken);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await outbox.AppendAsync(transaction.GetDbTransaction(), events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Saves and appends within <paramref name="transaction"/>, which the caller commits.</summary>
    public static async Task<int> SaveWithEventsAsync(this OrdersDbContext db, IEventOutbox outbox, DbTransaction transaction, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        var saved = await db.SaveChangesAsync(cancellationToken);
        await outbox.AppendAsync(transaction, events, cancellationToken);
        return saved;
    }
}

/// <summary>An amount in minor units and its currency, as every event carries money.</summary>
internal sealed record EventMoney(long Amount, string Currency);

/// <summary>What every order event carries; <see cref="Details"/> holds what the type adds (a fulfilment, a refund, a reason).</summary>
internal sealed record OrderEventData(
    string OrderId, string ChannelId, string? CustomerId, string Status, string PaymentStatus, string FulfillmentStatus,
    EventMoney Total, EventMoney Captured, EventMoney Refunded, object? Details);
