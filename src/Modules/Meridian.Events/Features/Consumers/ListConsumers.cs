using Meridian.Events.Data;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Events.Features.Consumers;

/// <summary>A consumer as operators see it.</summary>
/// <param name="Name">The consumer's stable name.</param>
/// <param name="Checkpoint">The last sequence it has dealt with (handled, skipped or dead-lettered).</param>
/// <param name="Lag">Published events after its checkpoint.</param>
/// <param name="DeadLetters">Events it gave up on that no replay has handled yet.</param>
internal sealed record ConsumerResponse(string Name, long Checkpoint, long Lag, int DeadLetters);

/// <summary><c>GET /v1/admin/events/consumers</c>: every registered consumer with its checkpoint, lag and dead letters.</summary>
internal static class ListConsumers
{
    public static void MapListConsumers(this IEndpointRouteBuilder admin) =>
        admin.MapGet("/consumers", ListAsync)
            .RequireAuthorization(Policies.Admin(Scopes.EventsRead))
            .WithName("ListEventConsumers").WithSummary("The registered consumers, their checkpoints, lag and dead letters.").WithTags("Events admin");

    private static async Task<Ok<Page<ConsumerResponse>>> ListAsync(IEnumerable<IEventConsumer> consumers, EventsDbContext db, CancellationToken cancellationToken)
    {
        var names = consumers.Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var last = await db.Outbox.MaxAsync(e => e.Sequence, cancellationToken) ?? 0;
        var checkpoints = await db.Checkpoints.AsNoTracking().Where(c => names.Contains(c.Consumer)).ToDictionaryAsync(c => c.Consumer, c => c.Sequence, cancellationToken);
        var deadLetters = await db.DeadLetters.AsNoTracking().Where(d => d.ReplayedAt == null && names.Contains(d.Consumer))
            .GroupBy(d => d.Consumer).Select(g => new { Consumer = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Consumer, g => g.Count, cancellationToken);
        var items = names.Select(name =>
        {
            var checkpoint = checkpoints.GetValueOrDefault(name);
            return new ConsumerResponse(name, checkpoint, Math.Max(0, last - checkpoint), deadLetters.GetValueOrDefault(name));
        }).ToList();
        return TypedResults.Ok(new Page<ConsumerResponse>(items, null));
    }
}
