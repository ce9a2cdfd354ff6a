using Meridian.Checkout.Contracts;
using Meridian.Orders.Contracts;
using Meridian.Payments.Contracts;
using Meridian.SharedKernel.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Checkout.Features.Recovery;

/// <summary>
/// <see cref="ICheckoutRecovery"/>, and the hosted job that runs it every <see cref="CheckoutOptions.RecoveryInterval"/>
/// of the <see cref="TimeProvider"/>. It never assumes a payment failed: it asks Payments, which asks the provider.
/// </summary>
internal sealed class CheckoutRecovery(
    IServiceScopeFactory scopes, OrderSettlement settlement, TimeProvider time, IOptions<CheckoutOptions> options, ILogger<CheckoutRecovery> logger)
    : BackgroundService, ICheckoutRecovery
{
    public async Task<CheckoutRecoveryReport> RecoverAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<IOrders>();
        var payments = scope.ServiceProvider.GetRequiredService<IPayments>();
        var pending = await orders.FindPendingOlderThanAsync(olderThan ?? options.Value.PendingGracePeriod, cancellationToken);
        int placed = 0, failed = 0, unsettled = 0;
        foreach (var order in pending)
        {
            try
            {
                switch (await SettleAsync(order, payments, cancellationToken))
                {
                    case OrderStatus.Placed:
                        placed++;
                        break;
                    case OrderStatus.Cancelled:
                        failed++;
                        break;
                    default:
                        unsettled++;
                        break;
                }
            }
            catch (Exception exception) when (exception is OrderStateException or KeyNotFoundException or InvalidOperationException)
            {
                logger.RecoveryOrderFailed(order.Id, exception);
                unsettled++;
            }
        }
        var report = new CheckoutRecoveryReport(pending.Count, placed, failed, unsettled);
        if (pending.Count > 0)
        {
            logger.RecoveryRan(report.Examined, report.Placed, report.Failed, report.Unsettled);
        }
        return report;
    }

    private async Task<OrderStatus> SettleAsync(OrderView order, IPayments payments, CancellationToken cancellationToken)
    {
        var last = (await payments.FindByOrderAsync(order.Id, cancellationToken)).LastOrDefault();
        if (last is null)
        {
            return (await settlement.ReleaseAndFailAsync(order.Id, "payment_not_attempted", cancellationToken)).Status;
        }
        var payment = last;
        if (last.Status is PaymentStatus.Pending or PaymentStatus.Unknown or PaymentStatus.RequiresAction)
        {
            payment = (await payments.ResolveAsync(last.Id, orderGone: false, cancellationToken)).Payment ?? last;
        }
        return payment.Status switch
        {
            PaymentStatus.Authorized => (await settlement.PlaceAsync(order.Id, payment.Id, OrderPaymentStatus.Authorized, cancellationToken)).Status,
            PaymentStatus.Captured => (await settlement.PlaceAsync(order.Id, payment.Id, OrderPaymentStatus.Captured, cancellationToken)).Status,
            PaymentStatus.Failed or PaymentStatus.Voided =>
                (await settlement.ReleaseAndFailAsync(order.Id, payment.Failure?.Code ?? "payment_failed", cancellationToken)).Status,
            _ => OrderStatus.Pending,
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await BackgroundIntervals.NextAsync(options.Value.RecoveryInterval, time, stoppingToken))
        {
            try
            {
                await RecoverAsync(null, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.RecoveryFailed(exception);
            }
        }
    }
}
