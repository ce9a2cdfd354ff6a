using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Marketplace.Data;

/// <summary>
/// The marketplace module's tables in the region's database, prefixed <c>marketplace_</c>. The simulated
/// marketplace keeps its own state elsewhere (<see cref="Simulator.SimMarketDbContext"/>).
/// Add a migration for both providers: <c>scripts/add-migration.sh Marketplace NAME</c>.
/// </summary>
internal class MarketplaceDbContext : DbContext
{
    public MarketplaceDbContext(DbContextOptions<MarketplaceDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="MarketplacePostgresDbContext"/>, whose options name its own type.</summary>
    protected MarketplaceDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<OrderLink> OrderLinks => Set<OrderLink>();
    public DbSet<ChannelSecret> Secrets => Set<ChannelSecret>();
    public DbSet<PushRecord> Pushes => Set<PushRecord>();
    public DbSet<ReconciliationRun> Runs => Set<ReconciliationRun>();
    public DbSet<ReconciliationFinding> Findings => Set<ReconciliationFinding>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrderLink>(link =>
        {
            link.ToTable("marketplace_order_links");
            link.HasKey(l => new { l.ChannelId, l.MarketplaceOrderId });
            link.Property(l => l.ChannelId).HasMaxLength(64);
            link.Property(l => l.MarketplaceOrderId).HasMaxLength(64);
            link.Property(l => l.OrderId).HasMaxLength(40);
            link.HasIndex(l => l.OrderId).IsUnique();
            link.Property(l => l.Fingerprint).HasMaxLength(64);
            link.Property(l => l.Via).HasMaxLength(20);
        });
        modelBuilder.Entity<ChannelSecret>(secret =>
        {
            secret.ToTable("marketplace_channel_secrets");
            secret.HasKey(s => s.ChannelId);
            secret.Property(s => s.ChannelId).HasMaxLength(64);
            secret.Property(s => s.Secret).HasMaxLength(200);
        });
        modelBuilder.Entity<PushRecord>(push =>
        {
            push.ToTable("marketplace_pushes");
            push.HasKey(p => new { p.ChannelId, p.Kind, p.Sku });
            push.Property(p => p.ChannelId).HasMaxLength(64);
            push.Property(p => p.Kind).HasMaxLength(10);
            push.Property(p => p.Sku).HasMaxLength(64);
            push.Property(p => p.Currency).HasMaxLength(3);
            push.Property(p => p.ProductId).HasMaxLength(40);
            push.HasIndex(p => new { p.ChannelId, p.ProductId });
            push.Property(p => p.EventId).HasMaxLength(40);
        });
        modelBuilder.Entity<ReconciliationRun>(run =>
        {
            run.ToTable("marketplace_reconciliation_runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).HasMaxLength(40);
            run.Property(r => r.ChannelId).HasMaxLength(64);
            run.Property(r => r.Trigger).HasMaxLength(20);
            run.HasIndex(r => new { r.ChannelId, r.Id });
        });
        modelBuilder.Entity<ReconciliationFinding>(finding =>
        {
            finding.ToTable("marketplace_reconciliation_findings");
            finding.HasKey(f => f.Id);
            finding.Property(f => f.Id).HasMaxLength(40);
            finding.Property(f => f.RunId).HasMaxLength(40);
            finding.HasIndex(f => f.RunId);
            finding.Property(f => f.ChannelId).HasMaxLength(64);
            finding.Property(f => f.MarketplaceOrderId).HasMaxLength(64);
            finding.HasIndex(f => new { f.ChannelId, f.MarketplaceOrderId });
            finding.Property(f => f.OrderId).HasMaxLength(40);
            finding.Property(f => f.Difference).HasMaxLength(40);
            finding.Property(f => f.Detail).HasMaxLength(500);
            finding.Property(f => f.Action).HasMaxLength(20);
        });
    }
}
