using Meridian.Events.Data;
using Meridian.SharedKernel.Events;

namespace Meridian.Events.Consumers;

/// <summary>
/// A consumer for drills and crash tests, registered only with <see cref="EventsOptions.EffectCounter"/>:
/// it adds one to a per-event counter through the inbox transaction, so a count above one anywhere
/// is an event that took effect twice, and a missing row is one that never did.
/// </summary>
internal sealed class EffectCounterConsumer : IEventConsumer
{
    public const string ConsumerName = "effect-counter";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => true;

    public async Task HandleAsync(EventEnvelope envelope, ConsumeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(context);
        await Sql.ExecuteAsync(context.Transaction,
            """
            INSERT INTO "events_effect_counts" ("EventId", "Sequence", "Effects") VALUES (@event, @sequence, 1)
            ON CONFLICT ("EventId") DO UPDATE SET "Effects" = "events_effect_counts"."Effects" + 1
            """,
            cancellationToken, ("@event", envelope.Id), ("@sequence", envelope.Sequence));
    }

    /// <summary>The counter table: not part of the schema, since only drills use it.</summary>
    public const string CreateTable =
        """CREATE TABLE IF NOT EXISTS "events_effect_counts" ("EventId" VARCHAR(40) PRIMARY KEY, "Sequence" BIGINT NOT NULL, "Effects" INTEGER NOT NULL)""";
}
