using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Meridian.Webhooks.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Meridian.Webhooks.Features.Deliveries;

internal sealed record AttemptResponse(DateTimeOffset AttemptedAt, int? StatusCode, int DurationMs, string? Error);

internal sealed record DeliveryResponse(
    string Id, string EndpointId, string EventId, string EventType, string Status, DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, IReadOnlyList<AttemptResponse> Attempts)
{
    public static DeliveryResponse From(WebhookDelivery d) => new(
        d.Id, d.EndpointId, d.EventId, d.EventType, d.Status, d.Status == WebhookDelivery.Pending ? d.NextAttemptAt : null, d.CreatedAt, d.CompletedAt,
        d.AttemptLog.OrderBy(a => a.Id).Select(a => new AttemptResponse(a.AttemptedAt, a.StatusCode, a.DurationMs, a.Error)).ToList());
}

/// <summary>
/// The delivery log of an endpoint (newest first, filterable by status, so <c>?status=failed</c> lists its dead
/// letters) and manual redelivery of one delivery.
/// </summary>
internal static class DeliveryLog
{
    public const string IdPrefix = "whdl";
    private static readonly string[] Statuses = [WebhookDelivery.Pending, WebhookDelivery.Delivered, WebhookDelivery.Failed];

    public static void MapDeliveryLog(this IEndpointRouteBuilder webhooks)
    {
        webhooks.MapGet("/{id}/deliveries", ListAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksRead))
            .WithName("ListWebhookDeliveries").WithSummary("An endpoint's deliveries with every attempt, newest first.").WithTags("Webhooks");
        webhooks.MapGet("/deliveries/{deliveryId}", GetAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksRead))
            .WithName("GetWebhookDelivery").WithSummary("One delivery with every attempt.").WithTags("Webhooks");
        webhooks.MapPost("/deliveries/{deliveryId}/redeliver", RedeliverAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksWrite))
            .WithName("RedeliverWebhook").WithSummary("Sends a delivery again now, with a fresh retry schedule.").WithTags("Webhooks");
    }

    private static async Task<Results<Ok<Page<DeliveryResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string id, int? limit, string? cursor, string? status, WebhooksDbContext db, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        validation.When(cursor is not null && !Ids.HasPrefix(cursor, IdPrefix), "cursor", "Pass the nextCursor of the previous page.");
        validation.When(status is not null && !Statuses.Contains(status), "status", $"One of {string.Join(", ", Statuses)}.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (!await db.Endpoints.AnyAsync(e => e.Id == id, cancellationToken))
        {
            return Problems.NotFound("webhook endpoint");
        }
        var query = db.Deliveries.AsNoTracking().Include(d => d.AttemptLog).Where(d => d.EndpointId == id);
        if (status is not null)
        {
            query = query.Where(d => d.Status == status);
        }
        if (cursor is not null)
        {
            query = query.Where(d => string.Compare(d.Id, cursor) < 0);
        }
        var page = await query.OrderByDescending(d => d.Id).Take(take + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var items = page.Take(take).Select(DeliveryResponse.From).ToList();
        return TypedResults.Ok(new Page<DeliveryResponse>(items, page.Count > take ? items[^1].Id : null));
    }

    private static async Task<Results<Ok<DeliveryResponse>, ProblemHttpResult>> GetAsync(string deliveryId, WebhooksDbContext db, CancellationToken cancellationToken) =>
        await db.Deliveries.AsNoTracking().Include(d => d.AttemptLog).SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken) is { } delivery
            ? TypedResults.Ok(DeliveryResponse.From(delivery))
            : Problems.NotFound("webhook delivery");

    private static async Task<Results<Accepted<DeliveryResponse>, ProblemHttpResult>> RedeliverAsync(
        string deliveryId, WebhooksDbContext db, TimeProvider time, ILogger<WebhooksModule> logger, CancellationToken cancellationToken)
    {
        var delivery = await db.Deliveries.Include(d => d.AttemptLog).SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return Problems.NotFound("webhook delivery");
        }
        if (!await db.Endpoints.AnyAsync(e => e.Id == delivery.EndpointId && e.Enabled, cancellationToken))
        {
            return Problems.Conflict("The endpoint is disabled; enable it first (POST /v1/admin/webhooks/{id}/enable).");
        }
        delivery.Status = WebhookDelivery.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = time.GetUtcNow();
        delivery.CompletedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        logger.Redelivery(delivery.Id);
        return TypedResults.Accepted($"/v1/admin/webhooks/deliveries/{delivery.Id}", DeliveryResponse.From(delivery));
    }
}
