using System.Security.Claims;

using Meridian.Customers.Domain;
using Meridian.SharedKernel.Auth;

namespace Meridian.Customers.Features;

/// <summary>The profile as the API shows it: never the password hash, the lockout counters or tokens.</summary>
internal sealed record ProfileResponse(
    string Id, string Email, string FirstName, string LastName, string? Phone, string? Country,
    string HomeRegion, string Jurisdiction, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProfileResponse From(Customer c) =>
        new(c.Id, c.Email, c.FirstName, c.LastName, c.Phone, c.Country, c.HomeRegion, c.Jurisdiction,
            c.Status.ToString().ToLowerInvariant(), c.CreatedAt, c.UpdatedAt);
}

internal static class CurrentCustomer
{
    /// <summary>The customer id of the access token; the Customer policy guarantees there is one.</summary>
    public static string IdOf(ClaimsPrincipal user) =>
        user.FindFirstValue(MeridianClaims.CustomerId) ?? throw new InvalidOperationException("No customer token on a customer route.");
}
