using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Meridian.Webhooks.Data;
using Meridian.Webhooks.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Webhooks.Features.Endpoints;

internal sealed record CreateEndpointRequest(string Url, IReadOnlyList<string> EventTypes, string? Description = null);

/// <summary>A partial update: an absent (or null) field keeps its value; an empty description clears it.</summary>
internal sealed record UpdateEndpointRequest(string? Url = null, IReadOnlyList<string>? EventTypes = null, string? Description = null, bool? Enabled = null);

/// <summary>Create, read, change and delete webhook endpoints under <c>/v1/admin/webhooks</c>.</summary>
internal static class EndpointAdmin
{
    public static void MapEndpointAdmin(this IEndpointRouteBuilder webhooks)
    {
        webhooks.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksWrite))
            .WithName("CreateWebhookEndpoint").WithSummary("Registers an endpoint; its signing secret is shown once.").WithTags("Webhooks");
        webhooks.MapGet("/", ListAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksRead))
            .WithName("ListWebhookEndpoints").WithSummary("Lists endpoints, oldest first; never their secrets.").WithTags("Webhooks");
        webhooks.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksRead))
            .WithName("GetWebhookEndpoint").WithSummary("One endpoint with its health.").WithTags("Webhooks");
        webhooks.MapPatch("/{id}", UpdateAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksWrite))
            .WithName("UpdateWebhookEndpoint").WithSummary("Changes the URL, filter, description or enabled state.").WithTags("Webhooks");
        webhooks.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksWrite))
            .WithName("DeleteWebhookEndpoint").WithSummary("Deletes an endpoint with its queued deliveries and log.").WithTags("Webhooks");
        webhooks.MapPost("/{id}/secret/rotate", RotateSecretAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksWrite))
            .WithName("RotateWebhookSecret").WithSummary("Issues a new secret, shown once; the old one keeps signing for a day.").WithTags("Webhooks");
        webhooks.MapPost("/{id}/enable", EnableAsync).RequireAuthorization(Policies.Admin(Scopes.WebhooksWrite))
            .WithName("EnableWebhookEndpoint").WithSummary("Re-enables a disabled endpoint and clears its failure record.").WithTags("Webhooks");
    }

    private static async Task<Results<Created<EndpointWithSecretResponse>, ValidationProblem>> CreateAsync(
        CreateEndpointRequest request, WebhooksDbContext db, SecretProtector protector, IOptions<WebhooksOptions> options,
        TimeProvider time, ILogger<WebhooksModule> logger, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required(request.Url, "url", EndpointUrl.MaxLength);
        await EndpointRules.CheckAsync(validation, string.IsNullOrWhiteSpace(request.Url) ? null : request.Url, request.EventTypes, request.Description,
            options.Value.AllowLoopback, cancellationToken);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var now = time.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            Id = Ids.New(EndpointRules.IdPrefix),
            Url = request.Url,
            EventTypes = EndpointRules.Join(request.EventTypes),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            Secret = protector.Protect(secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Endpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        logger.EndpointRegistered(endpoint.Id);
        return TypedResults.Created($"/v1/admin/webhooks/{endpoint.Id}", new EndpointWithSecretResponse(EndpointResponse.From(endpoint, now), secret));
    }

    private static async Task<Results<Ok<Page<EndpointResponse>>, ValidationProblem>> ListAsync(
        int? limit, string? cursor, WebhooksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        validation.When(cursor is not null && !Ids.HasPrefix(cursor, EndpointRules.IdPrefix), "cursor", "Pass the nextCursor of the previous page.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var query = db.Endpoints.AsNoTracking();
        if (cursor is not null)
        {
            query = query.Where(e => string.Compare(e.Id, cursor) > 0);
        }
        var page = await query.OrderBy(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var items = page.Take(take).Select(e => EndpointResponse.From(e, now)).ToList();
        return TypedResults.Ok(new Page<EndpointResponse>(items, page.Count > take ? items[^1].Id : null));
    }

    private static async Task<Results<Ok<EndpointResponse>, ProblemHttpResult>> GetAsync(
        string id, WebhooksDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        await db.Endpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken) is { } endpoint
            ? TypedResults.Ok(EndpointResponse.From(endpoint, time.GetUtcNow()))
            : Problems.NotFound("webhook endpoint");

    private static async Task<Results<Ok<EndpointResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, UpdateEndpointRequest request, WebhooksDbContext db, IOptions<WebhooksOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var endpoint = await db.Endpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return Problems.NotFound("webhook endpoint");
        }
        var validation = new Validation();
        validation.When(request.Url is not null && string.IsNullOrWhiteSpace(request.Url), "url", "Required when given.");
        await EndpointRules.CheckAsync(validation, string.IsNullOrWhiteSpace(request.Url) ? null : request.Url, request.EventTypes, request.Description,
            options.Value.AllowLoopback, cancellationToken);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var now = time.GetUtcNow();
        endpoint.Url = request.Url ?? endpoint.Url;
        endpoint.EventTypes = request.EventTypes is { } types ? EndpointRules.Join(types) : endpoint.EventTypes;
        if (request.Description is not null)
        {
            endpoint.Description = request.Description.Trim() is { Length: > 0 } description ? description : null;
        }
        if (request.Enabled is true && !endpoint.Enabled)
        {
            Enable(endpoint);
        }
        else if (request.Enabled is false && endpoint.Enabled)
        {
            endpoint.Enabled = false;
            endpoint.DisabledReason = "Disabled by an operator.";
            endpoint.DisabledAt = now;
        }
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(EndpointResponse.From(endpoint, now));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, WebhooksDbContext db, CancellationToken cancellationToken)
    {
        var endpoint = await db.Endpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return Problems.NotFound("webhook endpoint");
        }
        db.Endpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<EndpointWithSecretResponse>, ProblemHttpResult>> RotateSecretAsync(
        string id, WebhooksDbContext db, SecretProtector protector, IOptions<WebhooksOptions> options, TimeProvider time,
        ILogger<WebhooksModule> logger, CancellationToken cancellationToken)
    {
        var endpoint = await db.Endpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return Problems.NotFound("webhook endpoint");
        }
        var now = time.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        // Only the secret being replaced stays valid: rotating twice in a day retires the oldest at once.
        endpoint.PreviousSecret = endpoint.Secret;
        endpoint.PreviousSecretExpiresAt = now + options.Value.SecretRotationOverlap;
        endpoint.Secret = protector.Protect(secret);
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        logger.SecretRotated(endpoint.Id, endpoint.PreviousSecretExpiresAt.Value);
        return TypedResults.Ok(new EndpointWithSecretResponse(EndpointResponse.From(endpoint, now), secret));
    }

    private static async Task<Results<Ok<EndpointResponse>, ProblemHttpResult>> EnableAsync(
        string id, WebhooksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var endpoint = await db.Endpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return Problems.NotFound("webhook endpoint");
        }
        Enable(endpoint);
        endpoint.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(EndpointResponse.From(endpoint, endpoint.UpdatedAt));
    }

    private static void Enable(WebhookEndpoint endpoint)
    {
        endpoint.Enabled = true;
        endpoint.DisabledReason = null;
        endpoint.DisabledAt = null;
        endpoint.FailingSince = null;
        endpoint.FailedDeliveriesInARow = 0;
    }
}
