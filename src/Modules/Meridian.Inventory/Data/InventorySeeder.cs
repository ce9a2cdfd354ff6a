using Meridian.Catalog.Contracts;
using Meridian.Inventory.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meridian.Inventory.Data;

/// <summary>
/// Demo stock for every catalog SKU in a warehouse and a store, derived from the SKU itself so it
/// is the same on every machine; about one SKU in eight is out of stock, as in a real shop.
/// </summary>
internal sealed class InventorySeeder(IServiceScopeFactory scopes, IOptions<ServerOptions> options) : IModuleInitializer
{
    private const int BatchSize = 5000;

    public int Order => 120;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        if (await db.Locations.AnyAsync(cancellationToken))
        {
            return;
        }
        var random = new Random(42);
        var createdAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var warehouse = new StockLocation { Id = Ids.Deterministic("loc", createdAt, random), Handle = "warehouse-eu", Name = "EU warehouse" };
        var store = new StockLocation { Id = Ids.Deterministic("loc", createdAt, random), Handle = "store-berlin", Name = "Berlin store" };
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Locations.AddRange(warehouse, store);
        await db.SaveChangesAsync(cancellationToken);
        var skus = scope.ServiceProvider.GetRequiredService<ICatalogSkus>();
        var pending = 0;
        await foreach (var sku in skus.ListAsync(cancellationToken))
        {
            var seed = StableHash(sku);
            db.StockLevels.Add(new StockLevel { Sku = sku, LocationId = warehouse.Id, OnHand = seed % 8 == 0 ? 0 : seed % 60 });
            db.StockLevels.Add(new StockLevel { Sku = sku, LocationId = store.Id, OnHand = seed % 8 == 0 ? 0 : seed % 5 });
            if (++pending == BatchSize)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                pending = 0;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }
        return hash & int.MaxValue;
    }
}
