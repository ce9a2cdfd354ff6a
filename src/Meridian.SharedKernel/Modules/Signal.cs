namespace Meridian.SharedKernel.Modules;

/// <summary>
/// An in-process wake-up. A waiter takes <see cref="Next"/> before it looks for work and awaits it after,
/// so a pulse that lands while it works is never lost.
/// </summary>
public sealed class Signal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes whoever awaits <see cref="Next"/>.</summary>
    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="next"/> or <paramref name="timeout"/>; true when pulsed.</summary>
    public static async Task<bool> WaitAsync(Task next, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(timeout, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
