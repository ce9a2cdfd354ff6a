using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Meridian.SharedKernel.Auth;

/// <summary>The signed-in customer on routes where signing in is optional.</summary>
public static class Callers
{
    /// <summary>
    /// The customer behind the request's bearer token, if any. The storefront policy authenticates
    /// only the API key (so catalog reads never touch the customer store), so routes where a shopper
    /// may or may not be signed in read the token here. <c>InvalidToken</c> is true when a token was
    /// sent and is not valid: the caller should answer 401 rather than treat the shopper as a guest.
    /// </summary>
    public static async Task<(string? CustomerId, bool InvalidToken)> OptionalCustomerAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var customerId = http.User.FindFirst(MeridianClaims.CustomerId)?.Value;
        if (customerId is not null || http.Request.Headers.Authorization.Count == 0)
        {
            return (customerId, false);
        }
        var signedIn = await http.AuthenticateAsync(AuthSchemes.Customer);
        if (signedIn.Failure is not null)
        {
            return (null, true);
        }
        return (signedIn.Succeeded ? signedIn.Principal.FindFirst(MeridianClaims.CustomerId)?.Value : null, false);
    }
}
