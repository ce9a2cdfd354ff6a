using System.Security.Claims;
using System.Text.Encodings.Web;
using Meridian.Channels.Domain;
using Meridian.SharedKernel.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Channels.Auth;

/// <summary>Authenticates the <c>X-Api-Key</c> header: a publishable or secret key that is known and not revoked.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }
        var presented = values.ToString();
        if (!ApiKey.LooksValid(presented))
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }
        var key = await store.FindAsync(presented, Context.RequestAborted);
        if (key is null || key.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }
        var claims = new List<Claim>
        {
            new(MeridianClaims.KeyKind, key.Kind),
            new(MeridianClaims.KeyId, key.Id),
        };
        if (key.ChannelId is not null)
        {
            claims.Add(new Claim(MeridianClaims.ChannelId, key.ChannelId));
        }
        claims.AddRange(key.ScopeList.Select(scope => new Claim(MeridianClaims.Scope, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, AuthSchemes.ApiKey));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, AuthSchemes.ApiKey));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        return Task.CompletedTask;
    }
}
