using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Meridian.Customers.Features.SignIn;

internal sealed record RevokeTokenRequest(string RefreshToken);

internal static class RevokeToken
{
    public static void MapRevokeToken(this IEndpointRouteBuilder customers) =>
        customers.MapPost("/token/revoke", Handle)
            .WithName("RevokeCustomerToken")
            .WithSummary("Signs out: revokes the refresh token and every token rotated from the same sign-in.")
            .WithTags("Customers");

    /// <summary>Holding the token is the proof. Like RFC 7009, an unknown or already revoked token is also 204: nothing to learn here.</summary>
    private static async Task<Results<NoContent, ValidationProblem>> Handle(
        RevokeTokenRequest request, CustomersDbContext db, TimeProvider time, ILogger<RevokeTokenRequest> logger, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required(request.RefreshToken, "refreshToken", 100);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (RefreshToken.LooksValid(request.RefreshToken))
        {
            var hash = RefreshToken.HashOf(request.RefreshToken);
            var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
            if (token is not null)
            {
                await IssueToken.RevokeFamilyAsync(db, token, time.GetUtcNow(), RevocationReasons.SignedOut, cancellationToken);
                logger.SignedOut(token.CustomerId, token.FamilyId);
            }
        }
        return TypedResults.NoContent();
    }
}
