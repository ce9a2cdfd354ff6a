using Meridian.Marketplace.Connectors;
using Meridian.Marketplace.Data;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Marketplace.Features.Reconcile;

internal sealed record RunResponse(
    string Id, string ChannelId, string Trigger, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    int Examined, int Imported, int Cancelled, int Flagged, IReadOnlyList<FindingResponse>? Findings)
{
    public static RunResponse From(ReconciliationRun run, IReadOnlyList<ReconciliationFinding>? findings) =>
        new(run.Id, run.ChannelId, run.Trigger, run.WindowStart, run.WindowEnd, run.StartedAt, run.FinishedAt,
            run.Examined, run.Imported, run.Cancelled, run.Flagged, findings?.Select(FindingResponse.From).ToList());
}

internal sealed record FindingResponse(
    string Id, string RunId, string MarketplaceOrderId, string? OrderId, string Difference, string Detail, string Action, DateTimeOffset At)
{
    public static FindingResponse From(ReconciliationFinding f) => new(f.Id, f.RunId, f.MarketplaceOrderId, f.OrderId, f.Difference, f.Detail, f.Action, f.At);
}

/// <summary>
/// <c>/v1/admin/marketplace/{channel}/reconciliations</c>: run a reconciliation now (the answer is the finished run
/// with its findings), list the runs newest first, read one run with its audit rows.
/// </summary>
internal static class ReconciliationEndpoints
{
    public static void MapReconciliations(this IEndpointRouteBuilder marketplace)
    {
        marketplace.MapPost("/{channel}/reconciliations", RunAsync)
            .RequireAuthorization(Policies.Admin(Scopes.MarketplaceWrite))
            .WithName("RunMarketplaceReconciliation").WithSummary("Reconciles the marketplace's orders with Meridian's now, and returns the run.").WithTags("Marketplaces");
        marketplace.MapGet("/{channel}/reconciliations", ListAsync)
            .RequireAuthorization(Policies.Admin(Scopes.MarketplaceRead))
            .WithName("ListMarketplaceReconciliations").WithSummary("Lists a marketplace channel's reconciliation runs, newest first.").WithTags("Marketplaces");
        marketplace.MapGet("/{channel}/reconciliations/{runId}", GetAsync)
            .RequireAuthorization(Policies.Admin(Scopes.MarketplaceRead))
            .WithName("GetMarketplaceReconciliation").WithSummary("One reconciliation run with what it found and did.").WithTags("Marketplaces");
    }

    private static async Task<Results<Created<RunResponse>, ProblemHttpResult>> RunAsync(
        string channel, MarketplaceChannels channels, Reconciler reconciler, MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        if (await channels.FindAsync(channel, cancellationToken) is not { } found)
        {
            return Problems.NotFound("marketplace channel");
        }
        var run = await reconciler.RunAsync(found.Channel, found.Connector, "manual", cancellationToken);
        var findings = await FindingsAsync(db, run.Id, cancellationToken);
        return TypedResults.Created($"/v1/admin/marketplace/{channel}/reconciliations/{run.Id}", RunResponse.From(run, findings));
    }

    private static async Task<Results<Ok<Page<RunResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string channel, int? limit, string? cursor, MarketplaceChannels channels, MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        validation.When(cursor is not null && !Ids.HasPrefix(cursor, "recon"), "cursor", "Pass back the nextCursor of the previous page.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await channels.FindAsync(channel, cancellationToken) is not { } found)
        {
            return Problems.NotFound("marketplace channel");
        }
        var query = db.Runs.AsNoTracking().Where(r => r.ChannelId == found.Channel.ChannelId);
        if (cursor is not null)
        {
            query = query.Where(r => string.Compare(r.Id, cursor) < 0);
        }
        var runs = await query.OrderByDescending(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        var page = runs.Take(take).Select(r => RunResponse.From(r, null)).ToList();
        return TypedResults.Ok(new Page<RunResponse>(page, runs.Count > take ? page[^1].Id : null));
    }

    private static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetAsync(
        string channel, string runId, MarketplaceChannels channels, MarketplaceDbContext db, CancellationToken cancellationToken)
    {
        if (await channels.FindAsync(channel, cancellationToken) is not { } found)
        {
            return Problems.NotFound("marketplace channel");
        }
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && r.ChannelId == found.Channel.ChannelId, cancellationToken);
        return run is null
            ? Problems.NotFound("reconciliation run")
            : TypedResults.Ok(RunResponse.From(run, await FindingsAsync(db, run.Id, cancellationToken)));
    }

    private static async Task<IReadOnlyList<ReconciliationFinding>> FindingsAsync(MarketplaceDbContext db, string runId, CancellationToken cancellationToken) =>
        await db.Findings.AsNoTracking().Where(f => f.RunId == runId).OrderBy(f => f.Id).ToListAsync(cancellationToken);
}
