using System.Security.Claims;

using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Features.Profile;

/// <summary>A partial update: an absent field stays as it is; an empty <c>phone</c> removes the phone number.</summary>
internal sealed record UpdateProfileRequest(string? FirstName = null, string? LastName = null, string? Phone = null);

internal static class ProfileEndpoints
{
    public static void MapProfileEndpoints(this IEndpointRouteBuilder me)
    {
        me.MapGet("/", GetProfile)
            .WithName("GetMyProfile").WithSummary("The signed-in customer's profile.").WithTags("Customers");
        me.MapPatch("/", UpdateProfile)
            .WithName("UpdateMyProfile").WithSummary("Changes the signed-in customer's name or phone.").WithTags("Customers");
    }

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetProfile(
        ClaimsPrincipal user, CustomersDbContext db, CancellationToken cancellationToken)
    {
        var customer = await FindActiveAsync(db, CurrentCustomer.IdOf(user), cancellationToken);
        return customer is null ? Problems.NotFound("customer") : TypedResults.Ok(ProfileResponse.From(customer));
    }

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> UpdateProfile(
        UpdateProfileRequest request, ClaimsPrincipal user, CustomersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (request.FirstName is not null)
        {
            validation.Required(request.FirstName, "firstName", 100);
        }
        if (request.LastName is not null)
        {
            validation.Required(request.LastName, "lastName", 100);
        }
        var phone = request.Phone?.Trim();
        validation.When(phone is { Length: > 0 } && !Phones.LooksValid(phone), "phone", Phones.Rule);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var customer = await FindActiveAsync(db, CurrentCustomer.IdOf(user), cancellationToken);
        if (customer is null)
        {
            return Problems.NotFound("customer");
        }
        customer.UpdateProfile(request.FirstName?.Trim(), request.LastName?.Trim(), phone, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedMeanwhile();
        }
        return TypedResults.Ok(ProfileResponse.From(customer));
    }

    /// <summary>Another request (a sign-in, an erasure) wrote the customer between our read and our write.</summary>
    internal static ProblemHttpResult ChangedMeanwhile() =>
        Problems.Conflict("The customer was changed by another request at the same time. Read it again and retry.");

    internal static Task<Customer?> FindActiveAsync(CustomersDbContext db, string id, CancellationToken cancellationToken) =>
        db.Customers.SingleOrDefaultAsync(c => c.Id == id && c.Status == CustomerStatus.Active, cancellationToken);
}
