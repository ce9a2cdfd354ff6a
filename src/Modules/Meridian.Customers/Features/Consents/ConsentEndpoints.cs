using System.Security.Claims;

using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Meridian.Customers.Features.Consents;

/// <summary><c>source</c> defaults to the sales channel of the API key the call came with.</summary>
internal sealed record RecordConsentRequest(string Purpose, bool Granted, string TermsVersion, string? Source = null);

internal sealed record ConsentEntryResponse(string Id, string Purpose, bool Granted, string TermsVersion, string Source, DateTimeOffset RecordedAt)
{
    public static ConsentEntryResponse From(ConsentEntry e) => new(e.Id, e.Purpose, e.Granted, e.TermsVersion, e.Source, e.RecordedAt);
}

internal sealed record ConsentsResponse(IReadOnlyList<ConsentState> Current, IReadOnlyList<ConsentEntryResponse> History)
{
    public static ConsentsResponse From(IReadOnlyList<ConsentEntry> history) =>
        new(ConsentLedger.CurrentState(history), history.Select(ConsentEntryResponse.From).ToList());
}

internal static class ConsentEndpoints
{
    /// <summary>The source recorded when the key has no channel and the caller names none.</summary>
    public const string DefaultSource = "api";

    public static void MapConsentEndpoints(this IEndpointRouteBuilder me)
    {
        me.MapGet("/consents", Get)
            .WithName("GetMyConsents").WithSummary("The current consent per purpose and the full ledger.").WithTags("Customers");
        me.MapPut("/consents", Record)
            .WithName("RecordMyConsent")
            .WithSummary("Grants or withdraws consent to one purpose. Appends to the ledger; never changes a past entry.")
            .WithTags("Customers");
    }

    private static async Task<Ok<ConsentsResponse>> Get(ClaimsPrincipal user, CustomersDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ConsentsResponse.From(await HistoryAsync(db, CurrentCustomer.IdOf(user), cancellationToken)));

    private static async Task<Results<Ok<ConsentsResponse>, ValidationProblem>> Record(
        RecordConsentRequest request, ClaimsPrincipal user, CustomersDbContext db, TimeProvider time,
        ILogger<RecordConsentRequest> logger, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .Required(request.TermsVersion, "termsVersion", 64)
            .When(!ConsentPurposes.IsKnown(request.Purpose), "purpose", $"One of {string.Join(", ", ConsentPurposes.All)}.");
        if (request.Source is not null)
        {
            validation.Required(request.Source, "source", 64);
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var customerId = CurrentCustomer.IdOf(user);
        var entry = new ConsentEntry
        {
            Id = Ids.New("cons"),
            CustomerId = customerId,
            Purpose = request.Purpose,
            Granted = request.Granted,
            TermsVersion = request.TermsVersion.Trim(),
            Source = request.Source?.Trim() ?? user.FindFirstValue(MeridianClaims.ChannelId) ?? DefaultSource,
            RecordedAt = time.GetUtcNow(),
        };
        db.Consents.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        logger.ConsentRecorded(customerId, entry.Purpose, entry.Granted);
        return TypedResults.Ok(ConsentsResponse.From(await HistoryAsync(db, customerId, cancellationToken)));
    }

    internal static async Task<IReadOnlyList<ConsentEntry>> HistoryAsync(CustomersDbContext db, string customerId, CancellationToken cancellationToken) =>
        await db.Consents.AsNoTracking().Where(c => c.CustomerId == customerId)
            .OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
}
