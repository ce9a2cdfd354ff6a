namespace Meridian.Customers.Contracts;

/// <summary>
/// What other modules may ask about a customer, in-process (checkout: where the customer lives and
/// where to send the receipt). Scoped: resolve it inside a request or a scope.
/// </summary>
public interface ICustomerDirectory
{
    /// <summary>The customer, or null when no customer has that id.</summary>
    Task<CustomerSummary?> FindAsync(string customerId, CancellationToken cancellationToken);
}

/// <summary>A customer as other modules see them.</summary>
/// <param name="Id">The <c>cus_…</c> id; it stays after an erasure.</param>
/// <param name="Email">Where to send receipts; null once the customer is erased.</param>
/// <param name="HomeRegion">The region their resident data lives in.</param>
/// <param name="Jurisdiction">The jurisdiction of the home region.</param>
/// <param name="IsErased">True when the customer's personal data was erased.</param>
public sealed record CustomerSummary(string Id, string? Email, string HomeRegion, string Jurisdiction, bool IsErased);
