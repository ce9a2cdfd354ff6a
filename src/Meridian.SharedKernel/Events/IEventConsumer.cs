using System.Data.Common;

namespace Meridian.SharedKernel.Events;

/// <summary>What a consumer is given with each event.</summary>
/// <param name="Transaction">
/// The transaction on the region's database that also records the event in the consumer's inbox.
/// Database effects written through it happen exactly once: if the handler throws, both roll back.
/// </param>
/// <param name="Attempt">1 on first delivery, then 2, 3… on retries.</param>
public sealed record ConsumeContext(DbTransaction Transaction, int Attempt)
{
    private readonly List<Action> _afterCommit = [];

    /// <summary>
    /// Runs <paramref name="action"/> once <see cref="Transaction"/> has committed, never if it rolls back: to wake a
    /// worker that acts on what the handler wrote, which it would not yet see from inside the transaction.
    /// </summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>Called by the event runner when <see cref="Transaction"/> has committed.</summary>
    public void Committed()
    {
        foreach (var action in _afterCommit)
        {
            action();
        }
    }
}

/// <summary>
/// Something that reacts to committed events: a read model, the KPIs, webhooks, a marketplace push.
/// The runner delivers each published event of a handled type once per consumer, in order per subject;
/// the inbox makes a redelivery (after a crash, from the broker, or by replay) a no-op unless an
/// operator replays it on purpose. A handler that throws is retried with backoff and jitter and, after
/// its attempts run out, goes to the consumer's dead letters, visible and replayable through the admin API.
/// </summary>
public interface IEventConsumer
{
    /// <summary>A stable name (<c>catalog-read-model</c>, <c>webhooks</c>): the inbox, checkpoint, lag metric and dead letters are kept under it.</summary>
    string Name { get; }

    /// <summary>Whether this consumer wants events of <paramref name="eventType"/>; others pass it by without a call.</summary>
    bool Handles(string eventType);

    /// <summary>Applies <paramref name="envelope"/>; throwing means "retry later".</summary>
    Task HandleAsync(EventEnvelope envelope, ConsumeContext context, CancellationToken cancellationToken);
}
