using Meridian.Customers.Auth;
using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Meridian.Customers.Features.Registration;

internal sealed record RegisterCustomerRequest(string Email, string Password, string FirstName, string LastName, string? Country = null);

internal static class RegisterCustomer
{
    /// <summary>Says no more than that the address cannot be used: not whether, or how, it is registered.</summary>
    public const string EmailTaken = "This email address cannot be used to register. Sign in, or reset the password.";

    public static void MapRegisterCustomer(this IEndpointRouteBuilder customers) =>
        customers.MapPost("/", Handle)
            .WithName("RegisterCustomer").WithSummary("Registers a customer in their home region.").WithTags("Customers");

    private static async Task<Results<Created<ProfileResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        RegisterCustomerRequest request, CustomersDbContext db, Passwords passwords, IHomeRegionPolicy regions, IEventOutbox outbox,
        TimeProvider time, ILogger<RegisterCustomerRequest> logger, CancellationToken cancellationToken)
    {
        var email = Emails.Normalize(request.Email);
        var validation = new Validation()
            .Required(email, "email", Emails.MaxLength)
            .Required(request.FirstName, "firstName", 100)
            .Required(request.LastName, "lastName", 100);
        validation.When(email.Length is > 0 and <= Emails.MaxLength && !Emails.LooksValid(email), "email", "Not an email address.");
        validation.When(!Passwords.FollowsRules(request.Password), "password", Passwords.Rule);
        var country = "";
        validation.When(request.Country is not null && !Countries.TryNormalize(request.Country, out country), "country", Countries.Rule);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await db.Customers.AnyAsync(c => c.Email == email, cancellationToken))
        {
            return Problems.Conflict(EmailTaken);
        }
        var now = time.GetUtcNow();
        var home = regions.Choose(request.Country is null ? null : country);
        var customer = new Customer
        {
            Id = Ids.New("cus"),
            Email = email,
            FirstName = request.FirstName.Trim(),
            LastName = request.LastName.Trim(),
            Country = request.Country is null ? null : country,
            HomeRegion = home.Region,
            Jurisdiction = home.Jurisdiction,
            CreatedAt = now,
            UpdatedAt = now,
        };
        customer.PasswordHash = passwords.Hash(customer, request.Password);
        db.Customers.Add(customer);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            // No email or name: the event log keeps events for days and erasure must leave nothing to carve out
            // of it; a consumer that needs the profile reads it from the customer's home region.
            await outbox.AppendAsync(transaction.GetDbTransaction(),
                [new NewEvent(EventTypes.CustomerRegistered, customer.Id, new { customerId = customer.Id, homeRegion = customer.HomeRegion })],
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two registrations of one address at once: the unique index decides, the loser gets the same answer.
            db.ChangeTracker.Clear();
            if (await db.Customers.AnyAsync(c => c.Email == email, cancellationToken))
            {
                return Problems.Conflict(EmailTaken);
            }
            throw;
        }
        logger.CustomerRegistered(customer.Id, customer.HomeRegion);
        return TypedResults.Created("/v1/customers/me", ProfileResponse.From(customer));
    }
}
