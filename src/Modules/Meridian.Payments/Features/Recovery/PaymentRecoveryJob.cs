using Meridian.Payments.Contracts;
using Meridian.SharedKernel.Modules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Payments.Features.Recovery;

/// <summary>
/// Runs <see cref="IPaymentRecovery.RecoverAsync"/> on a <see cref="TimeProvider"/> timer, so a
/// timeout or a crash never leaves a payment half-done for long. Authorizations it finds are kept for
/// the order module to settle; it voids only what the customer abandoned.
/// </summary>
internal sealed class PaymentRecoveryJob(IPaymentRecovery recovery, IOptions<PaymentsOptions> options, TimeProvider time, ILogger<PaymentRecoveryJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await BackgroundIntervals.NextAsync(options.Value.Recovery.Interval, time, stoppingToken))
        {
            try
            {
                await recovery.RecoverAsync(cancellationToken: stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.RecoveryFailed(exception);
            }
        }
    }
}
