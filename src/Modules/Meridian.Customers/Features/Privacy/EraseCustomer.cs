using System.Security.Claims;

using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.Customers.Features.Profile;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Meridian.Customers.Features.Privacy;

/// <summary>
/// The right to erasure. What goes: names, phone, country, every address, the password hash, the
/// sign-in metadata; the email becomes a random undeliverable pseudonym (not a hash of it, which
/// anyone knowing the address could confirm); every refresh token is revoked. What stays: the
/// customer id, home region and timestamps, because orders and invoices refer to the id for
/// accounting; and the consent ledger, which is the proof that past processing had consent and
/// holds no personal data (purpose, yes or no, terms version, channel id, time). The access token
/// of an erased customer stops working at once: the Customer scheme checks that the customer is
/// still active on every request.
/// </summary>
internal static class EraseCustomer
{
    public static void MapEraseCustomer(this IEndpointRouteBuilder me) =>
        me.MapDelete("/", Handle)
            .WithName("EraseMe").WithSummary("Erases the signed-in customer's personal data. Cannot be undone.").WithTags("Customers");

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        ClaimsPrincipal user, CustomersDbContext db, IEventOutbox outbox, TimeProvider time, ILogger<CustomersDbContext> logger, CancellationToken cancellationToken)
    {
        var customer = await ProfileEndpoints.FindActiveAsync(db, CurrentCustomer.IdOf(user), cancellationToken);
        if (customer is null)
        {
            return Problems.NotFound("customer");
        }
        var now = time.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            customer.Erase(now, Emails.ErasedPseudonym());
            db.Addresses.RemoveRange(await db.Addresses.Where(a => a.CustomerId == customer.Id).ToListAsync(cancellationToken));
            foreach (var token in await db.RefreshTokens.Where(t => t.CustomerId == customer.Id && t.RevokedAt == null).ToListAsync(cancellationToken))
            {
                token.Revoke(now, RevocationReasons.Erased);
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ProfileEndpoints.ChangedMeanwhile();
            }
            await outbox.AppendAsync(transaction.GetDbTransaction(),
                [new NewEvent(EventTypes.CustomerErased, customer.Id, new { customerId = customer.Id })], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            // Deleted bytes in the file are zeroed (SecureDeleteInterceptor); old page images also
            // linger in the write-ahead log until a checkpoint, so take one now.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }
        logger.CustomerErased(customer.Id);
        return TypedResults.NoContent();
    }
}
