using System.Data.Common;
using System.Text.Json;
using Meridian.Events.Data;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Modules;
using Microsoft.Extensions.Options;

namespace Meridian.Events.Outbox;

/// <summary>
/// <see cref="IEventOutbox"/> on the <c>events_outbox</c> table: plain inserts on the caller's connection
/// and transaction, so the rows commit or roll back with the caller's change whatever module made it.
/// </summary>
internal sealed class DatabaseOutbox(TimeProvider time, IOptions<ServerOptions> server, EventSignals signals) : IEventOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Insert =
        """
        INSERT INTO "events_outbox" ("EventId", "Type", "Source", "Subject", "Time", "Data")
        VALUES (@id, @type, @source, @subject, @time, @data)
        """;

    public async Task AppendAsync(DbTransaction transaction, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (!EventTypes.All.Contains(e.Type))
            {
                throw new ArgumentException($"Unknown event type '{e.Type}'.", nameof(events));
            }
            if (string.IsNullOrWhiteSpace(e.Subject))
            {
                throw new ArgumentException($"An event of type {e.Type} has no subject.", nameof(events));
            }
        }
        var connection = transaction.Connection ?? throw new ArgumentException("The transaction has completed.", nameof(transaction));
        var source = "/meridian/" + server.Value.Region;
        var now = Sql.Ms(time.GetUtcNow());
        foreach (var e in events)
        {
            await using var command = Sql.Command(connection, transaction, Insert,
                ("@id", Ids.New("evt")), ("@type", e.Type), ("@source", source), ("@subject", e.Subject),
                ("@time", now), ("@data", JsonSerializer.Serialize(e.Data, Json)));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        // The caller has not committed yet; the dispatcher looks again briefly after this wake-up (see Dispatcher).
        signals.Appended.Pulse();
    }
}
