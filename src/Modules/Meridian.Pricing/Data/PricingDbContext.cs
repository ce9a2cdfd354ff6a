using Meridian.Pricing.Domain;
using Meridian.SharedKernel.Data;

using Microsoft.EntityFrameworkCore;

namespace Meridian.Pricing.Data;

/// <summary>
/// Pricing's tables, prefixed <c>pricing_</c>.
/// Add a migration for both providers: <c>scripts/add-migration.sh Pricing NAME</c>.
/// </summary>
internal class PricingDbContext : DbContext
{
    public PricingDbContext(DbContextOptions<PricingDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PricingPostgresDbContext"/>, whose options name its own type.</summary>
    protected PricingDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Promotion> Promotions => Set<Promotion>();
    public DbSet<Redemption> Redemptions => Set<Redemption>();
    public DbSet<CustomerUsage> CustomerUsages => Set<CustomerUsage>();
    public DbSet<TaxRate> TaxRates => Set<TaxRate>();
    public DbSet<ShippingZone> ShippingZones => Set<ShippingZone>();
    public DbSet<ShippingMethod> ShippingMethods => Set<ShippingMethod>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Promotion>(promotion =>
        {
            promotion.ToTable("pricing_promotions", table =>
            {
                table.HasCheckConstraint("ck_promotion_used", "\"Used\" >= 0 AND (\"UsageLimit\" IS NULL OR \"Used\" <= \"UsageLimit\")");
            });
            promotion.HasKey(p => p.Id);
            promotion.Property(p => p.Id).HasMaxLength(40);
            promotion.Property(p => p.Code).HasMaxLength(32);
            promotion.HasIndex(p => p.Code).IsUnique();
            promotion.Property(p => p.Name).HasMaxLength(200);
            promotion.Property(p => p.Kind).HasConversion<string>().HasMaxLength(32);
            promotion.Property(p => p.Currency).HasMaxLength(3);
        });
        modelBuilder.Entity<Redemption>(redemption =>
        {
            redemption.ToTable("pricing_redemptions");
            redemption.HasKey(r => new { r.PromotionId, r.OrderId });
            redemption.Property(r => r.PromotionId).HasMaxLength(40);
            redemption.Property(r => r.OrderId).HasMaxLength(64);
            redemption.Property(r => r.CustomerId).HasMaxLength(64);
            redemption.HasIndex(r => r.OrderId);
        });
        modelBuilder.Entity<CustomerUsage>(usage =>
        {
            usage.ToTable("pricing_customer_usage", table => table.HasCheckConstraint("ck_customer_usage_used", "\"Used\" >= 0"));
            usage.HasKey(u => new { u.PromotionId, u.CustomerId });
            usage.Property(u => u.PromotionId).HasMaxLength(40);
            usage.Property(u => u.CustomerId).HasMaxLength(64);
        });
        modelBuilder.Entity<TaxRate>(rate =>
        {
            rate.ToTable("pricing_tax_rates");
            rate.HasKey(r => r.Id);
            rate.Property(r => r.Id).HasMaxLength(40);
            rate.Property(r => r.Country).HasMaxLength(2);
            rate.Property(r => r.TaxClass).HasMaxLength(32);
            rate.Property(r => r.Name).HasMaxLength(200);
            rate.HasIndex(r => new { r.Country, r.TaxClass }).IsUnique();
        });
        modelBuilder.Entity<ShippingZone>(zone =>
        {
            zone.ToTable("pricing_shipping_zones");
            zone.HasKey(z => z.Code);
            zone.Property(z => z.Code).HasMaxLength(32);
            zone.Property(z => z.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<ShippingMethod>(method =>
        {
            method.ToTable("pricing_shipping_methods");
            method.HasKey(m => m.Id);
            method.Property(m => m.Id).HasMaxLength(40);
            method.Property(m => m.Code).HasMaxLength(32);
            method.Property(m => m.Name).HasMaxLength(200);
            method.Property(m => m.ZoneCode).HasMaxLength(32);
            method.Property(m => m.Currency).HasMaxLength(3);
            method.Property(m => m.TaxClass).HasMaxLength(32);
            method.Property(m => m.Basis).HasConversion<string>().HasMaxLength(16);
            method.HasIndex(m => new { m.ZoneCode, m.Code, m.Currency }).IsUnique();
            method.HasOne<ShippingZone>().WithMany().HasForeignKey(m => m.ZoneCode);
            method.OwnsMany(m => m.Bands, bands => bands.ToJson());
        });
    }
}
