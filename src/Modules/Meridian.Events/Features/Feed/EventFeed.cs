using System.Globalization;
using System.Text.Json;
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

namespace Meridian.Events.Features.Feed;

/// <summary>
/// <c>GET /v1/admin/events?after=&amp;limit=&amp;type=</c>: the region's published events in sequence order,
/// as CloudEvents JSON objects, for integrations that poll instead of receiving pushes; and
/// <c>GET /v1/admin/events/{id}</c>. The cursor is a sequence: pass <c>nextCursor</c> (or the
/// <c>sequence</c> of the last event seen) as <c>after</c>. Events are kept for the retention window.
/// </summary>
internal static class EventFeed
{
    public static void MapEventFeed(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.Admin(Scopes.EventsRead))
            .WithName("ListEvents").WithSummary("The published events after a sequence, oldest first.").WithTags("Events admin");
        admin.MapGet("/{id}", GetAsync)
            .RequireAuthorization(Policies.Admin(Scopes.EventsRead))
            .WithName("GetEvent").WithSummary("One event by id, published or not yet.").WithTags("Events admin");
    }

    private static async Task<Results<Ok<Page<JsonElement>>, ValidationProblem>> ListAsync(
        string? after, int? limit, string? type, EventsDbContext db, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        long from = 0;
        validation.When(after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from)), "after",
            "A sequence: the nextCursor of the previous page, or 0 for the start.");
        validation.When(type is not null && !EventTypes.All.Contains(type), "type", $"One of {string.Join(", ", EventTypes.All.Order(StringComparer.Ordinal))}.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var query = db.Outbox.AsNoTracking().Where(e => e.Sequence > from);
        if (type is not null)
        {
            query = query.Where(e => e.Type == type);
        }
        var rows = await query.OrderBy(e => e.Sequence).Take(take + 1).ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(r => CloudEvent(r.ToEnvelope())).ToList();
        var next = rows.Count > take ? rows[take - 1].Sequence!.Value.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<JsonElement>(items, next));
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetAsync(string id, EventsDbContext db, CancellationToken cancellationToken)
    {
        if (!Ids.HasPrefix(id, "evt"))
        {
            return Problems.NotFound("event");
        }
        var row = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(e => e.EventId == id, cancellationToken);
        return row is null ? Problems.NotFound("event") : TypedResults.Ok(CloudEvent(row.ToEnvelope()));
    }

    public static JsonElement CloudEvent(EventEnvelope envelope)
    {
        using var document = JsonDocument.Parse(envelope.ToCloudEventJson());
        return document.RootElement.Clone();
    }
}
