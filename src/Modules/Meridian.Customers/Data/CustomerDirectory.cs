using Meridian.Customers.Contracts;
using Meridian.Customers.Domain;

using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Data;

internal sealed class CustomerDirectory(CustomersDbContext db) : ICustomerDirectory
{
    public async Task<CustomerSummary?> FindAsync(string customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        return customer is null
            ? null
            : new CustomerSummary(customer.Id, customer.IsErased ? null : customer.Email, customer.HomeRegion, customer.Jurisdiction,
                customer.Status == CustomerStatus.Erased);
    }
}
