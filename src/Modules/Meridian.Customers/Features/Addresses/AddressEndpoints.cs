using System.Security.Claims;

using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Features.Addresses;

internal sealed record AddressRequest(
    string FirstName, string LastName, string Line1, string City, string PostalCode, string Country,
    string? Line2 = null, string? Region = null, string? Company = null, string? Phone = null, string? Label = null);

internal sealed record AddressResponse(
    string Id, string? Label, string FirstName, string LastName, string? Company, string Line1, string? Line2,
    string City, string? Region, string PostalCode, string Country, string? Phone, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AddressResponse From(Address a) =>
        new(a.Id, a.Label, a.FirstName, a.LastName, a.Company, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, a.Phone,
            a.CreatedAt, a.UpdatedAt);
}

/// <summary>The signed-in customer's address book. Another customer's address id is 404, never 403: existence does not leak.</summary>
internal static class AddressEndpoints
{
    public const string IdPrefix = "addr";

    public static void MapAddressEndpoints(this IEndpointRouteBuilder me)
    {
        me.MapGet("/addresses", List)
            .WithName("ListMyAddresses").WithSummary("The signed-in customer's addresses.").WithTags("Customers");
        me.MapPost("/addresses", Add)
            .WithName("AddMyAddress").WithSummary("Adds an address to the signed-in customer's address book.").WithTags("Customers");
        me.MapPut("/addresses/{id}", Replace)
            .WithName("ReplaceMyAddress").WithSummary("Replaces one of the signed-in customer's addresses.").WithTags("Customers");
        me.MapDelete("/addresses/{id}", Delete)
            .WithName("DeleteMyAddress").WithSummary("Deletes one of the signed-in customer's addresses.").WithTags("Customers");
    }

    private static async Task<Ok<Page<AddressResponse>>> List(ClaimsPrincipal user, CustomersDbContext db, CancellationToken cancellationToken)
    {
        var customerId = CurrentCustomer.IdOf(user);
        var addresses = await db.Addresses.AsNoTracking().Where(a => a.CustomerId == customerId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        // An address book holds at most Address.MaxPerCustomer entries: always one page.
        return TypedResults.Ok(new Page<AddressResponse>(addresses.Select(AddressResponse.From).ToList(), null));
    }

    private static async Task<Results<Created<AddressResponse>, ValidationProblem, ProblemHttpResult>> Add(
        AddressRequest request, ClaimsPrincipal user, CustomersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = Validate(request, out var country);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var customerId = CurrentCustomer.IdOf(user);
        if (await db.Addresses.CountAsync(a => a.CustomerId == customerId, cancellationToken) >= Address.MaxPerCustomer)
        {
            return Problems.Conflict($"An address book holds at most {Address.MaxPerCustomer} addresses. Delete one first.");
        }
        var now = time.GetUtcNow();
        var address = new Address
        {
            Id = Ids.New(IdPrefix),
            CustomerId = customerId,
            FirstName = "",
            LastName = "",
            Line1 = "",
            City = "",
            PostalCode = "",
            Country = country,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(address, request, country, now);
        db.Addresses.Add(address);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/customers/me/addresses/{address.Id}", AddressResponse.From(address));
    }

    private static async Task<Results<Ok<AddressResponse>, ValidationProblem, ProblemHttpResult>> Replace(
        string id, AddressRequest request, ClaimsPrincipal user, CustomersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var address = await FindOwnAsync(id, user, db, cancellationToken);
        if (address is null)
        {
            return Problems.NotFound("address");
        }
        var validation = Validate(request, out var country);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        Apply(address, request, country, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(AddressResponse.From(address));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, ClaimsPrincipal user, CustomersDbContext db, CancellationToken cancellationToken)
    {
        var address = await FindOwnAsync(id, user, db, cancellationToken);
        if (address is null)
        {
            return Problems.NotFound("address");
        }
        db.Addresses.Remove(address);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Address?> FindOwnAsync(string id, ClaimsPrincipal user, CustomersDbContext db, CancellationToken cancellationToken)
    {
        if (!Ids.HasPrefix(id, IdPrefix))
        {
            return null;
        }
        var customerId = CurrentCustomer.IdOf(user);
        return await db.Addresses.SingleOrDefaultAsync(a => a.Id == id && a.CustomerId == customerId, cancellationToken);
    }

    private static Validation Validate(AddressRequest request, out string country)
    {
        var validation = new Validation()
            .Required(request.FirstName, "firstName", 100)
            .Required(request.LastName, "lastName", 100)
            .Required(request.Line1, "line1", 200)
            .Required(request.City, "city", 100)
            .Required(request.PostalCode, "postalCode", 20)
            .Optional(request.Line2, "line2", 200)
            .Optional(request.Region, "region", 100)
            .Optional(request.Company, "company", 100)
            .Optional(request.Label, "label", 50);
        validation.When(!Countries.TryNormalize(request.Country, out country), "country", Countries.Rule);
        var phone = request.Phone?.Trim();
        validation.When(phone is { Length: > 0 } && !Phones.LooksValid(phone), "phone", Phones.Rule);
        return validation;
    }

    private static void Apply(Address address, AddressRequest request, string country, DateTimeOffset now)
    {
        address.FirstName = request.FirstName.Trim();
        address.LastName = request.LastName.Trim();
        address.Company = Blank(request.Company);
        address.Line1 = request.Line1.Trim();
        address.Line2 = Blank(request.Line2);
        address.City = request.City.Trim();
        address.Region = Blank(request.Region);
        address.PostalCode = request.PostalCode.Trim();
        address.Country = country;
        address.Phone = Blank(request.Phone);
        address.Label = Blank(request.Label);
        address.UpdatedAt = now;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
