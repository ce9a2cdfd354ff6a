using System.Data.Common;

namespace Meridian.SharedKernel.Events;

/// <summary>An event a producer wants published once its change commits.</summary>
/// <param name="Type">The versioned type (see <see cref="EventTypes"/>).</param>
/// <param name="Subject">The aggregate id; events of one subject are delivered in the order they were appended.</param>
/// <param name="Data">The payload, serialised with the API's JSON conventions (camelCase).</param>
public sealed record NewEvent(string Type, string Subject, object Data);

/// <summary>
/// The transactional outbox. A producer appends its events inside the transaction that makes the
/// change, on the same connection, so an event exists if and only if its change committed: a
/// rolled-back transaction publishes nothing, and a crash after commit loses nothing, because the
/// dispatcher publishes from the table.
/// </summary>
public interface IEventOutbox
{
    /// <summary>Appends <paramref name="events"/> within <paramref name="transaction"/>, the caller's own.</summary>
    /// <exception cref="ArgumentException">An event type is not in <see cref="EventTypes"/>, or a subject is empty.</exception>
    Task AppendAsync(DbTransaction transaction, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default);
}
