using Meridian.Events.Data;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Events.Features.Replay;

/// <summary>Replay one event (<see cref="EventId"/>) or a range of sequences to one consumer.</summary>
internal sealed record ReplayRequest(string? Consumer = null, string? EventId = null, long? FromSequence = null, long? ToSequence = null);

/// <summary>
/// <c>POST /v1/admin/events/replay</c>: re-runs <c>consumer</c>'s handler for one event or for the
/// published events of a sequence range (at most <see cref="MaxRange"/>), of the types it handles. The
/// handler runs even if the consumer's inbox has the event (see <see cref="Replayer"/>).
/// </summary>
internal static class ReplayEvents
{
    public const int MaxRange = 1000;

    public static void MapReplayEvents(this IEndpointRouteBuilder admin) =>
        admin.MapPost("/replay", ReplayAsync)
            .RequireAuthorization(Policies.Admin(Scopes.EventsWrite))
            .WithName("ReplayEvents").WithSummary("Re-runs a consumer's handler for one event or a range of sequences.").WithTags("Events admin");

    private static async Task<Results<Ok<ReplayResponse>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        ReplayRequest request, IEnumerable<IEventConsumer> consumers, EventsDbContext db, Replayer replayer, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required(request.Consumer, "consumer", 100);
        var byId = request.EventId is not null;
        var byRange = request.FromSequence is not null || request.ToSequence is not null;
        validation.When(byId == byRange, "eventId", "Give either eventId, or fromSequence and toSequence.");
        if (byRange)
        {
            validation.When(request.FromSequence is not > 0, "fromSequence", "A sequence of 1 or more.");
            validation.When(request.ToSequence is null || request.ToSequence < request.FromSequence, "toSequence", "A sequence at or after fromSequence.");
            validation.When(request.ToSequence - request.FromSequence >= MaxRange, "toSequence", $"At most {MaxRange} sequences per replay.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var consumer = consumers.FirstOrDefault(c => c.Name == request.Consumer);
        if (consumer is null)
        {
            return Problems.NotFound("consumer");
        }
        List<OutboxEvent> rows;
        if (byId)
        {
            var row = Ids.HasPrefix(request.EventId, "evt")
                ? await db.Outbox.AsNoTracking().SingleOrDefaultAsync(e => e.EventId == request.EventId, cancellationToken)
                : null;
            if (row is null)
            {
                return Problems.NotFound("event");
            }
            if (row.Sequence is null)
            {
                return Problems.Conflict("The event is not published yet; the consumer will receive it when it is.");
            }
            if (!consumer.Handles(row.Type))
            {
                return Problems.Validation("eventId", $"The consumer does not handle {row.Type}.");
            }
            rows = [row];
        }
        else
        {
            rows = await db.Outbox.AsNoTracking()
                .Where(e => e.Sequence >= request.FromSequence && e.Sequence <= request.ToSequence)
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
            rows = rows.Where(r => consumer.Handles(r.Type)).ToList();
        }
        return TypedResults.Ok(await replayer.ReplayAsync(consumer.Name, rows.Select(r => r.ToEnvelope()).ToList(), cancellationToken));
    }
}
