using Meridian.Events.Data;
using Meridian.Events.Features.Replay;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Events.Features.DeadLetters;

/// <summary>An event a consumer gave up on.</summary>
/// <param name="Id">The dead letter's id (<c>dlq_…</c>).</param>
/// <param name="Consumer">The consumer that gave up.</param>
/// <param name="EventId">The event; see <c>GET /v1/admin/events/{id}</c> while it is retained.</param>
/// <param name="Sequence">The event's sequence.</param>
/// <param name="Attempts">Attempts so far, replays included.</param>
/// <param name="ErrorType">The type of the last error.</param>
/// <param name="ErrorMessage">The last error's message, with anything like an email address or a long number masked.</param>
/// <param name="FailedAt">When the last attempt failed.</param>
/// <param name="ReplayedAt">When a replay handled it; null while it is still dead.</param>
internal sealed record DeadLetterResponse(
    string Id, string Consumer, string EventId, long Sequence, int Attempts, string ErrorType, string ErrorMessage, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt)
{
    public static DeadLetterResponse From(DeadLetter d) => new(
        d.Id, d.Consumer, d.EventId, d.Sequence, d.Attempts, d.ErrorType, d.ErrorMessage,
        DateTimeOffset.FromUnixTimeMilliseconds(d.FailedAt), d.ReplayedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
}

/// <summary>
/// <c>GET /v1/admin/events/dead-letters?consumer=</c> (newest first, by cursor) and
/// <c>POST /v1/admin/events/dead-letters/{id}/replay</c>, which runs the handler once more: on success
/// the dead letter is marked replayed (and kept, as a record); on failure it counts the attempt and keeps the new error.
/// </summary>
internal static class DeadLetters
{
    public static void MapDeadLetters(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/dead-letters", ListAsync)
            .RequireAuthorization(Policies.Admin(Scopes.EventsRead))
            .WithName("ListDeadLetters").WithSummary("Events consumers gave up on, newest first.").WithTags("Events admin");
        admin.MapPost("/dead-letters/{id}/replay", ReplayAsync)
            .RequireAuthorization(Policies.Admin(Scopes.EventsWrite))
            .WithName("ReplayDeadLetter").WithSummary("Runs the consumer's handler for a dead-lettered event once more.").WithTags("Events admin");
    }

    private static async Task<Results<Ok<Page<DeadLetterResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? consumer, int? limit, string? cursor, IEnumerable<IEventConsumer> consumers, EventsDbContext db, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        validation.When(cursor is not null && !Ids.HasPrefix(cursor, "dlq"), "cursor", "Pass the nextCursor of the previous page.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (consumer is not null && !consumers.Any(c => c.Name == consumer))
        {
            return Problems.NotFound("consumer");
        }
        var query = db.DeadLetters.AsNoTracking();
        if (consumer is not null)
        {
            query = query.Where(d => d.Consumer == consumer);
        }
        if (cursor is not null)
        {
            query = query.Where(d => string.Compare(d.Id, cursor) < 0);
        }
        var rows = await query.OrderByDescending(d => d.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(DeadLetterResponse.From).ToList();
        return TypedResults.Ok(new Page<DeadLetterResponse>(items, rows.Count > take ? items[^1].Id : null));
    }

    private static async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> ReplayAsync(
        string id, IEnumerable<IEventConsumer> consumers, EventsDbContext db, Replayer replayer, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadLetter = Ids.HasPrefix(id, "dlq") ? await db.DeadLetters.SingleOrDefaultAsync(d => d.Id == id, cancellationToken) : null;
        if (deadLetter is null)
        {
            return Problems.NotFound("dead letter");
        }
        if (!consumers.Any(c => c.Name == deadLetter.Consumer))
        {
            return Problems.Conflict($"The consumer {deadLetter.Consumer} is no longer registered.");
        }
        var row = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(e => e.EventId == deadLetter.EventId, cancellationToken);
        if (row is null)
        {
            return Problems.Conflict("The event is past the retention window; it can no longer be replayed.");
        }
        var result = await replayer.ReplayAsync(deadLetter.Consumer, [row.ToEnvelope()], cancellationToken);
        var now = Sql.Ms(time.GetUtcNow());
        deadLetter.Attempts++;
        if (result.Failed is [var failure, ..])
        {
            deadLetter.ErrorType = failure.ErrorType;
            deadLetter.ErrorMessage = failure.ErrorMessage;
            deadLetter.FailedAt = now;
        }
        else
        {
            deadLetter.ReplayedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(result);
    }
}
