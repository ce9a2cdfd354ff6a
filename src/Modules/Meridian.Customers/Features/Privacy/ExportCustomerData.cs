using System.Security.Claims;

using Meridian.Customers.Data;
using Meridian.Customers.Features.Addresses;
using Meridian.Customers.Features.Consents;
using Meridian.Customers.Features.Profile;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Features.Privacy;

/// <summary>One sign-in session (a refresh token family member): when, never the token itself or its hash.</summary>
internal sealed record SessionExport(string Id, string FamilyId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedReason);

internal sealed record SignInExport(DateTimeOffset? LastSignInAt, int FailedSignInsInARow, DateTimeOffset? LockedUntil, IReadOnlyList<SessionExport> Sessions);

/// <summary>Everything the customers module holds about one customer (the right of access and to portability).</summary>
internal sealed record CustomerExport(
    DateTimeOffset ExportedAt, ProfileResponse Profile, IReadOnlyList<AddressResponse> Addresses, ConsentsResponse Consents, SignInExport SignIn);

internal static class ExportCustomerData
{
    public static void MapExportCustomerData(this IEndpointRouteBuilder me) =>
        me.MapGet("/export", Handle)
            .WithName("ExportMyData").WithSummary("Everything held about the signed-in customer, as JSON.").WithTags("Customers");

    private static async Task<Results<Ok<CustomerExport>, ProblemHttpResult>> Handle(
        ClaimsPrincipal user, CustomersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var customer = await ProfileEndpoints.FindActiveAsync(db, CurrentCustomer.IdOf(user), cancellationToken);
        if (customer is null)
        {
            return Problems.NotFound("customer");
        }
        var addresses = await db.Addresses.AsNoTracking().Where(a => a.CustomerId == customer.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var consents = await ConsentEndpoints.HistoryAsync(db, customer.Id, cancellationToken);
        var sessions = await db.RefreshTokens.AsNoTracking().Where(t => t.CustomerId == customer.Id).OrderBy(t => t.Id)
            .Select(t => new SessionExport(t.Id, t.FamilyId, t.IssuedAt, t.ExpiresAt, t.RevokedAt, t.RevokedReason))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new CustomerExport(
            time.GetUtcNow(),
            ProfileResponse.From(customer),
            addresses.Select(AddressResponse.From).ToList(),
            ConsentsResponse.From(consents),
            new SignInExport(customer.LastSignInAt, customer.FailedSignIns, customer.LockedUntil, sessions)));
    }
}
