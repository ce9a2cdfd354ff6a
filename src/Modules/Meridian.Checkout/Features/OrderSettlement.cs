using System.Data.Common;
using Meridian.Carts.Contracts;
using Meridian.Inventory.Contracts;
using Meridian.Orders.Contracts;
using Meridian.Pricing.Contracts;
using Meridian.SharedKernel.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meridian.Checkout.Features;

/// <summary>
/// Runs work in one local transaction on the region's database (every module shares its SQLite file), and
/// the two ways a pending order ends: placed with its payment, or released and cancelled as payment failed.
/// Each unit of work gets its own DI scope, because the modules' contexts join the connection they are given.
/// </summary>
internal sealed class OrderSettlement(IServiceScopeFactory scopes, RegionTransactions transactions, ILogger<OrderSettlement> logger)
{
    /// <summary>Runs <paramref name="work"/> in one transaction (BEGIN IMMEDIATE, so racing checkouts queue instead of failing); commits only when it says so.</summary>
    public Task<T> InTransactionAsync<T>(Func<IServiceProvider, DbTransaction, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken) =>
        transactions.InTransactionAsync(work, cancellationToken);

    /// <summary>The payment holds the money: the order becomes placed.</summary>
    public async Task<OrderView> PlaceAsync(string orderId, string paymentId, OrderPaymentStatus status, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var placed = await scope.ServiceProvider.GetRequiredService<IOrders>().MarkPlacedAsync(orderId, paymentId, status, cancellationToken);
        logger.OrderPlaced(orderId, paymentId);
        return placed;
    }

    /// <summary>
    /// Nothing was charged: stock and promotion uses go back and the cart reopens, together; then the order is
    /// cancelled as payment failed. The shopper can pay the same cart another way with a new Idempotency-Key.
    /// </summary>
    public async Task<OrderView> ReleaseAndFailAsync(string orderId, string reason, CancellationToken cancellationToken)
    {
        await InTransactionAsync<int>(async (services, transaction) =>
        {
            var units = await services.GetRequiredService<IStockReservations>().ReleaseAsync(orderId, transaction, cancellationToken);
            await services.GetRequiredService<IPromotionRedemptions>().ReleaseAsync(orderId, transaction, cancellationToken);
            await services.GetRequiredService<ICarts>().ReopenAsync(orderId, transaction, cancellationToken);
            return (units, true);
        }, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var failed = await scope.ServiceProvider.GetRequiredService<IOrders>().MarkPaymentFailedAsync(orderId, reason, cancellationToken);
        logger.PaymentFailed(orderId, reason);
        return failed;
    }
}
