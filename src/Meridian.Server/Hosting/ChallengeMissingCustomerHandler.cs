using Meridian.SharedKernel.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Meridian.Server.Hosting;

/// <summary>
/// A missing credential is 401, a credential without the right is 403. ASP.NET Core forbids as soon
/// as any of a policy's schemes authenticated, so a shopper with a valid channel key but no token
/// would get 403; this handler turns the absence of a key or of a customer token into a challenge.
/// </summary>
internal sealed class ChallengeMissingCustomerHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            if (!context.User.HasClaim(c => c.Type == MeridianClaims.KeyKind))
            {
                return context.ChallengeAsync(AuthSchemes.ApiKey);
            }
            if (policy.AuthenticationSchemes.Contains(AuthSchemes.Customer) && !context.User.HasClaim(c => c.Type == MeridianClaims.CustomerId))
            {
                return context.ChallengeAsync(AuthSchemes.Customer);
            }
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
