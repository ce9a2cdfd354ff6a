using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Meridian.Marketplace.Simulator;

/// <summary>
/// The simulated marketplace's own state, tables prefixed <c>marketplace_sim_</c>. It lives in a SQLite file of its
/// own beside the region's database, because it stands in for another company's system: a push made while a
/// consumer holds the region's write transaction must not wait on that transaction, as a real HTTP call would not.
/// Add a migration: <c>dotnet dotnet-ef migrations add NAME --project src/Modules/Meridian.Marketplace --startup-project src/Meridian.Server --context SimMarketDbContext --output-dir Simulator/Migrations</c>.
/// </summary>
internal sealed class SimMarketDbContext(DbContextOptions<SimMarketDbContext> options) : DbContext(options)
{
    /// <summary>The connection string that overrides where the simulator keeps its file.</summary>
    public const string ConnectionStringName = "MarketplaceSimulator";

    public DbSet<SimOrder> Orders => Set<SimOrder>();
    public DbSet<SimListing> Listings => Set<SimListing>();

    /// <summary>
    /// <c>ConnectionStrings:MarketplaceSimulator</c> if set; otherwise a file in the region's data folder (beside the
    /// SQLite database of the embedded default), so each test server and each demo install has its own.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, RegionDatabase region, string contentRoot) =>
        RegionDatabase.ResolveSqlite(
            configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured
                ? configured
                : $"Data Source={Path.Combine(region.DataFolder, "meridian.marketplace-sim.db")}",
            contentRoot);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SimOrder>(order =>
        {
            order.ToTable("marketplace_sim_orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).HasMaxLength(64);
            order.Property(o => o.ChannelId).HasMaxLength(64);
            order.HasIndex(o => new { o.ChannelId, o.UpdatedAt });
            order.Property(o => o.Status).HasMaxLength(20);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.PaymentReference).HasMaxLength(40);
            order.Property(o => o.BuyerEmail).HasMaxLength(254);
            order.Property(o => o.BuyerName).HasMaxLength(200);
            order.Property(o => o.CancelReason).HasMaxLength(40);
            order.Property(o => o.AcknowledgedOrderId).HasMaxLength(40);
        });
        modelBuilder.Entity<SimListing>(listing =>
        {
            listing.ToTable("marketplace_sim_listings");
            listing.HasKey(l => new { l.ChannelId, l.Sku });
            listing.Property(l => l.ChannelId).HasMaxLength(64);
            listing.Property(l => l.Sku).HasMaxLength(64);
            listing.Property(l => l.Currency).HasMaxLength(3);
        });
    }
}
