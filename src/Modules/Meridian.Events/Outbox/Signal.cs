namespace Meridian.Events.Outbox;

/// <summary>
/// An in-process wake-up. A waiter takes <see cref="Next"/> before it looks for work and awaits it after,
/// so a pulse that lands while it works is never lost.
/// </summary>
internal sealed class Signal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

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

/// <summary>The two wake-ups of the backbone: an append for the dispatcher, a publication for the consumers.</summary>
internal sealed class EventSignals
{
    public Signal Appended { get; } = new();

    public Signal Published { get; } = new();
}
