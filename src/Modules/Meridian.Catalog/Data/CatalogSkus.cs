using Meridian.Catalog.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Catalog.Data;

internal sealed class CatalogSkus(CatalogDbContext db) : ICatalogSkus
{
    public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken) =>
        db.Variants.AsNoTracking().OrderBy(v => v.Sku).Select(v => v.Sku).AsAsyncEnumerable();
}
