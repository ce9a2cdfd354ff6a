using System.Globalization;

using Meridian.Customers.Auth;
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

/// <summary>One token endpoint, two grants, in the manner of OAuth 2.0: <c>password</c> and <c>refresh_token</c>.</summary>
internal sealed record TokenRequest(string GrantType, string? Email = null, string? Password = null, string? RefreshToken = null);

internal sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, int RefreshTokenExpiresIn);

internal static class IssueToken
{
    public const string PasswordGrant = "password";
    public const string RefreshGrant = "refresh_token";

    public static void MapIssueToken(this IEndpointRouteBuilder customers) =>
        customers.MapPost("/token", Handle)
            .WithName("IssueCustomerToken")
            .WithSummary("Signs a customer in with a password, or exchanges a refresh token for new tokens.")
            .WithTags("Customers");

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        TokenRequest request, HttpContext http, CustomersDbContext db, Passwords passwords, AccessTokens accessTokens,
        TimeProvider time, ILogger<TokenRequest> logger, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        switch (request.GrantType)
        {
            case PasswordGrant:
                validation.Required(request.Email, "email", Emails.MaxLength);
                validation.When(request.Password is not { Length: > 0 }, "password", "Required.");
                validation.When(request.Password is { Length: > Passwords.MaxLength }, "password", $"At most {Passwords.MaxLength} characters.");
                validation.When(request.RefreshToken is not null, "refreshToken", "Not used with the password grant.");
                break;
            case RefreshGrant:
                validation.Required(request.RefreshToken, "refreshToken", 100);
                validation.When(request.Email is not null, "email", "Not used with the refresh_token grant.");
                validation.When(request.Password is not null, "password", "Not used with the refresh_token grant.");
                break;
            default:
                validation.Add("grantType", $"One of {PasswordGrant}, {RefreshGrant}.");
                break;
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        return request.GrantType == PasswordGrant
            ? await SignInAsync(request.Email!, request.Password!, http, db, passwords, accessTokens, time, logger, cancellationToken)
            : await RefreshAsync(request.RefreshToken!, db, accessTokens, time, logger, cancellationToken);
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        string email, string password, HttpContext http, CustomersDbContext db, Passwords passwords, AccessTokens accessTokens,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var normalized = Emails.Normalize(email);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Email == normalized && c.Status == CustomerStatus.Active, cancellationToken);
        if (customer is null)
        {
            passwords.SpendTheSameTime(password);
            logger.SignInFailedForUnknownEmail();
            return InvalidCredentials();
        }
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            if (customer.IsLockedAt(now))
            {
                logger.SignInWhileLocked(customer.Id);
                return Locked(http, customer.LockedUntil!.Value - now);
            }
            var verified = passwords.Verify(customer, password);
            if (verified)
            {
                customer.RecordSuccessfulSignIn(now);
            }
            else
            {
                customer.RecordFailedSignIn(now);
            }
            var (refresh, refreshValue) = RefreshToken.Issue(customer.Id, now);
            if (verified)
            {
                db.RefreshTokens.Add(refresh);
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Another sign-in of this customer wrote first: count again from what it left.
                db.ChangeTracker.Clear();
                customer = await db.Customers.SingleAsync(c => c.Id == customer.Id, cancellationToken);
                continue;
            }
            if (!verified)
            {
                logger.SignInFailed(customer.Id);
                if (customer.IsLockedAt(now))
                {
                    logger.AccountLocked(customer.Id, customer.LockedUntil!.Value);
                }
                return InvalidCredentials();
            }
            logger.SignedIn(customer.Id);
            return TypedResults.Ok(Tokens(customer, refresh, refreshValue, accessTokens, now));
        }
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        string value, CustomersDbContext db, AccessTokens accessTokens, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (!RefreshToken.LooksValid(value))
        {
            return InvalidGrant();
        }
        var hash = RefreshToken.HashOf(value);
        var token = await db.RefreshTokens.SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (token is null)
        {
            return InvalidGrant();
        }
        var now = time.GetUtcNow();
        if (token.WasRotated)
        {
            await RevokeFamilyAsync(db, token, now, RevocationReasons.ReuseDetected, cancellationToken);
            logger.RefreshTokenReuseDetected(token.CustomerId, token.FamilyId);
            return InvalidGrant();
        }
        if (!token.IsActiveAt(now))
        {
            return InvalidGrant();
        }
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == token.CustomerId && c.Status == CustomerStatus.Active, cancellationToken);
        if (customer is null)
        {
            return InvalidGrant();
        }
        var (next, nextValue) = token.Rotate(now);
        db.RefreshTokens.Add(next);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The same token was exchanged by another request a moment ago: that is a reuse too.
            db.ChangeTracker.Clear();
            await RevokeFamilyAsync(db, token, now, RevocationReasons.ReuseDetected, cancellationToken);
            logger.RefreshTokenReuseDetected(token.CustomerId, token.FamilyId);
            return InvalidGrant();
        }
        return TypedResults.Ok(Tokens(customer, next, nextValue, accessTokens, now));
    }

    /// <summary>Revokes every still-active token of the family of <paramref name="token"/>.</summary>
    internal static async Task RevokeFamilyAsync(
        CustomersDbContext db, RefreshToken token, DateTimeOffset now, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var active = await db.RefreshTokens.Where(t => t.FamilyId == token.FamilyId && t.RevokedAt == null).ToListAsync(cancellationToken);
            foreach (var member in active)
            {
                member.Revoke(now, reason);
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // A rotation of the family committed meanwhile: revoke what it left active.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static TokenResponse Tokens(Customer customer, RefreshToken refresh, string refreshValue, AccessTokens accessTokens, DateTimeOffset now) =>
        new(accessTokens.Issue(customer, now), "Bearer", (int)AccessTokens.Lifetime.TotalSeconds,
            refreshValue, (int)(refresh.ExpiresAt - now).TotalSeconds);

    /// <summary>The same answer for an unknown email and a wrong password.</summary>
    private static ProblemHttpResult InvalidCredentials() =>
        Problems.Of(StatusCodes.Status401Unauthorized, "invalid-credentials", "Sign-in failed.", "The email or password is not correct.");

    private static ProblemHttpResult InvalidGrant() =>
        Problems.Of(StatusCodes.Status401Unauthorized, "invalid-grant", "The refresh token is not valid.",
            "The refresh token is unknown, expired or revoked. Sign in again.");

    private static ProblemHttpResult Locked(HttpContext http, TimeSpan remaining)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(StatusCodes.Status429TooManyRequests, "account-locked", "The account is locked.",
            "Too many failed sign-ins. Try again after the time in Retry-After.");
    }
}
