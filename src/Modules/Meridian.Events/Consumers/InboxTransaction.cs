using System.Text.RegularExpressions;
using Meridian.Events.Data;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Events;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Events.Consumers;

/// <summary>What one delivery of an event to a consumer came to.</summary>
internal enum DeliveryOutcome
{
    /// <summary>The handler ran and its effects committed with the inbox row.</summary>
    Handled,

    /// <summary>The inbox already had the event: nothing ran, nothing changed but the checkpoint.</summary>
    AlreadyHandled,
}

/// <summary>
/// One delivery of one event to one consumer, in one transaction on the region's database: the inbox
/// row, the handler's effects (written through <see cref="ConsumeContext.Transaction"/>) and the
/// checkpoint commit together or not at all. A fresh DI scope per delivery gives the handler fresh
/// contexts.
/// </summary>
internal sealed partial class InboxTransaction(IServiceScopeFactory scopes, TimeProvider time)
{
    private const string ClaimInbox =
        """INSERT INTO "events_inbox" ("Consumer", "EventId", "ProcessedAt") VALUES (@consumer, @event, @at) ON CONFLICT DO NOTHING""";

    // Never moves a checkpoint backwards: a replica that lost its lease mid-batch cannot undo its successor's progress.
    private const string AdvanceCheckpoint =
        """
        INSERT INTO "events_checkpoints" ("Consumer", "Sequence", "UpdatedAt") VALUES (@consumer, @sequence, @at)
        ON CONFLICT ("Consumer") DO UPDATE SET "Sequence" = excluded."Sequence", "UpdatedAt" = excluded."UpdatedAt"
        WHERE "events_checkpoints"."Sequence" < excluded."Sequence"
        """;

    /// <summary>
    /// Delivers <paramref name="envelope"/> once in effect. With <paramref name="replay"/> the handler runs even
    /// though the inbox already has the event (an operator asked for it) and the checkpoint is left alone.
    /// </summary>
    /// <exception cref="Exception">Whatever the handler threw; everything rolled back.</exception>
    public async Task<DeliveryOutcome> DeliverAsync(string consumerName, EventEnvelope envelope, int attempt, bool replay, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var consumer = Resolve(scope.ServiceProvider, consumerName);
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        var now = Sql.Ms(time.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var dbTransaction = transaction.GetDbTransaction();
        var claimed = await Sql.ExecuteAsync(dbTransaction, ClaimInbox, cancellationToken,
            ("@consumer", consumerName), ("@event", envelope.Id), ("@at", now)) == 1;
        var context = new ConsumeContext(dbTransaction, attempt);
        if (claimed || replay)
        {
            await consumer.HandleAsync(envelope, context, cancellationToken);
        }
        if (!replay)
        {
            await Sql.ExecuteAsync(dbTransaction, AdvanceCheckpoint, cancellationToken,
                ("@consumer", consumerName), ("@sequence", envelope.Sequence), ("@at", now));
        }
        await transaction.CommitAsync(cancellationToken);
        context.Committed();
        return claimed || replay ? DeliveryOutcome.Handled : DeliveryOutcome.AlreadyHandled;
    }

    /// <summary>Moves the checkpoint past events the consumer does not handle.</summary>
    public async Task SkipToAsync(string consumerName, long sequence, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await Sql.ExecuteAsync(transaction.GetDbTransaction(), AdvanceCheckpoint, cancellationToken,
            ("@consumer", consumerName), ("@sequence", sequence), ("@at", Sql.Ms(time.GetUtcNow())));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records that the consumer gave up on the event, and moves its checkpoint past it, in one transaction.</summary>
    public async Task DeadLetterAsync(string consumerName, EventEnvelope envelope, int attempts, Exception error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        var now = Sql.Ms(time.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var dbTransaction = transaction.GetDbTransaction();
        await Sql.ExecuteAsync(dbTransaction,
            """
            INSERT INTO "events_dead_letters" ("Id", "Consumer", "EventId", "Sequence", "Attempts", "ErrorType", "ErrorMessage", "FailedAt")
            VALUES (@id, @consumer, @event, @sequence, @attempts, @type, @message, @at)
            """,
            cancellationToken, ("@id", Ids.New("dlq")), ("@consumer", consumerName), ("@event", envelope.Id), ("@sequence", envelope.Sequence),
            ("@attempts", attempts), ("@type", ErrorType(error)), ("@message", ErrorMessage(error)), ("@at", now));
        await Sql.ExecuteAsync(dbTransaction, AdvanceCheckpoint, cancellationToken,
            ("@consumer", consumerName), ("@sequence", envelope.Sequence), ("@at", now));
        await transaction.CommitAsync(cancellationToken);
    }

    public static IEventConsumer Resolve(IServiceProvider services, string consumerName) =>
        services.GetServices<IEventConsumer>().FirstOrDefault(c => c.Name == consumerName)
        ?? throw new InvalidOperationException($"No consumer is registered as '{consumerName}'.");

    public static string ErrorType(Exception error) => Truncate(error.GetType().FullName ?? error.GetType().Name, 200);

    /// <summary>
    /// The handler's message, with what looks like an email address or a long number (card, phone, IBAN
    /// digits) masked: handlers should not put personal data in exceptions, and dead letters are read by operators.
    /// </summary>
    public static string ErrorMessage(Exception error) =>
        Truncate(LongNumber().Replace(Email().Replace(error.Message, "[email]"), "[number]"), 500);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [GeneratedRegex(@"[^\s@<>""']+@[^\s@<>""']+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\+?\d[\d \-]{6,}\d")]
    private static partial Regex LongNumber();
}
