using Meridian.Customers.Domain;
using Meridian.SharedKernel.Auth;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Meridian.Customers.Auth;

/// <summary>Issues customer access tokens: short-lived JWTs (HMAC-SHA256) with the customer's id and home region.</summary>
internal sealed class AccessTokens(TokenSigningKey key)
{
    public const string Issuer = "meridian";
    public const string Audience = "meridian-customers";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Issue(Customer customer, DateTimeOffset now) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [MeridianClaims.CustomerId] = customer.Id,
                [MeridianClaims.HomeRegion] = customer.HomeRegion,
            },
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });

    /// <summary>How the Customer scheme validates a token; lifetimes are checked against <paramref name="time"/>, not the wall clock.</summary>
    public static TokenValidationParameters ValidationParameters(TokenSigningKey key, TimeProvider time) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        NameClaimType = MeridianClaims.CustomerId,
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp && exp > now - ClockSkew && (notBefore is not { } nbf || nbf <= now + ClockSkew);
        },
    };
}
