using Meridian.Customers.Data;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Features.Admin;

internal static class GetCustomer
{
    public static void MapGetCustomer(this IEndpointRouteBuilder admin) =>
        admin.MapGet("/customers/{id}", Handle)
            .RequireAuthorization(Policies.Admin(Scopes.CustomersRead))
            .WithName("GetCustomer").WithSummary("One customer's profile, for support staff. An erased customer shows only what is left.")
            .WithTags("Customers");

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> Handle(string id, CustomersDbContext db, CancellationToken cancellationToken)
    {
        if (!Ids.HasPrefix(id, "cus"))
        {
            return Problems.NotFound("customer");
        }
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return customer is null ? Problems.NotFound("customer") : TypedResults.Ok(ProfileResponse.From(customer));
    }
}
