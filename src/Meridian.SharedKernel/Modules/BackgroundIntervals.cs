namespace Meridian.SharedKernel.Modules;

/// <summary>How background jobs (sweeps, recovery, delivery, reconciliation) wait between passes.</summary>
public static class BackgroundIntervals
{
    /// <summary>
    /// Waits <paramref name="interval"/> on <paramref name="time"/>; false once the host is stopping. Not a
    /// <see cref="PeriodicTimer"/>: when the clock jumps ahead (a test's fake clock advanced by thirty days, a VM
    /// resumed) a periodic timer catches up one tick per missed period, and a 1 s poll then ran 2.6 million passes
    /// back to back. A delay wakes the job once and it carries on from the new time.
    /// </summary>
    public static async Task<bool> NextAsync(TimeSpan interval, TimeProvider time, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(interval, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until <paramref name="woken"/> completes (a <see cref="Signal"/>'s <see cref="Signal.Next"/>, taken before
    /// the job last looked for work) or <paramref name="interval"/> passes; false once the host is stopping.
    /// </summary>
    public static async Task<bool> NextAsync(Task woken, TimeSpan interval, TimeProvider time, CancellationToken stoppingToken)
    {
        try
        {
            await Signal.WaitAsync(woken, interval, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
