using System.Diagnostics;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Catalog.Data;

/// <summary>Seeds the demo catalog into an empty database, in one transaction so a crash never leaves half a catalog.</summary>
internal sealed class CatalogSeeder(IServiceScopeFactory scopes, IOptions<ServerOptions> options, ILogger<CatalogSeeder> logger) : IModuleInitializer
{
    private const int BatchSize = 1000;

    public int Order => 110;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        if (await db.Categories.AnyAsync(cancellationToken))
        {
            return;
        }
        var stopwatch = Stopwatch.StartNew();
        var demo = new DemoCatalog();
        var count = options.Value.DemoProducts;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Categories.AddRange(demo.Categories);
        db.Brands.AddRange(demo.Brands);
        db.Attributes.AddRange(demo.Attributes);
        await db.SaveChangesAsync(cancellationToken);
        for (var from = 0; from < count; from += BatchSize)
        {
            db.ChangeTracker.Clear();
            db.Products.AddRange(demo.Products(from, Math.Min(count, from + BatchSize)));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.SeededDemoCatalog(count, stopwatch.ElapsedMilliseconds);
    }
}
