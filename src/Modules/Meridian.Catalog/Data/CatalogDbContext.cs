using Meridian.Catalog.Domain;
using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Catalog.Data;

/// <summary>
/// The catalog's tables, prefixed <c>catalog_</c>.
/// Add a migration for both providers: <c>scripts/add-migration.sh Catalog NAME</c>.
/// </summary>
internal class CatalogDbContext : DbContext
{
    public CatalogDbContext(DbContextOptions<CatalogDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="CatalogPostgresDbContext"/>, whose options name its own type.</summary>
    protected CatalogDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Product> Products => Set<Product>();
    public DbSet<Variant> Variants => Set<Variant>();
    public DbSet<Price> Prices => Set<Price>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<AttributeDefinition> Attributes => Set<AttributeDefinition>();
    public DbSet<PriceList> PriceLists => Set<PriceList>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("catalog_products");
            product.HasKey(p => p.Id);
            product.Property(p => p.Id).HasMaxLength(40);
            product.Property(p => p.Handle).HasMaxLength(64);
            product.HasIndex(p => p.Handle).IsUnique();
            product.Property(p => p.Title).HasMaxLength(200);
            product.Property(p => p.Description).HasMaxLength(5000);
            product.Property(p => p.BrandId).HasMaxLength(40);
            product.Property(p => p.CategoryId).HasMaxLength(40);
            product.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            product.Property(p => p.Version).IsConcurrencyToken();
            product.HasIndex(p => p.UpdatedAt);
            product.Property(p => p.TaxClass).HasMaxLength(40).HasDefaultValue("standard");
            product.OwnsMany(p => p.Attributes, a => a.ToJson());
            product.HasMany(p => p.Variants).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Variant>(variant =>
        {
            variant.ToTable("catalog_variants");
            variant.HasKey(v => v.Id);
            variant.Property(v => v.Id).HasMaxLength(40);
            variant.Property(v => v.ProductId).HasMaxLength(40);
            variant.Property(v => v.Sku).HasMaxLength(64);
            variant.HasIndex(v => v.Sku).IsUnique();
            variant.Property(v => v.Title).HasMaxLength(200);
            variant.OwnsMany(v => v.Options, o => o.ToJson());
            variant.HasMany(v => v.Prices).WithOne().HasForeignKey(p => p.VariantId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Price>(price =>
        {
            price.ToTable("catalog_prices");
            price.HasKey(p => new { p.VariantId, p.PriceListId, p.Currency });
            price.Property(p => p.VariantId).HasMaxLength(40);
            price.Property(p => p.PriceListId).HasMaxLength(40);
            price.Property(p => p.Currency).HasMaxLength(3);
        });
        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("catalog_categories");
            category.HasKey(c => c.Id);
            category.Property(c => c.Id).HasMaxLength(40);
            category.Property(c => c.Handle).HasMaxLength(64);
            category.HasIndex(c => c.Handle).IsUnique();
            category.Property(c => c.Name).HasMaxLength(200);
            category.Property(c => c.ParentId).HasMaxLength(40);
        });
        modelBuilder.Entity<Brand>(brand =>
        {
            brand.ToTable("catalog_brands");
            brand.HasKey(b => b.Id);
            brand.Property(b => b.Id).HasMaxLength(40);
            brand.Property(b => b.Handle).HasMaxLength(64);
            brand.HasIndex(b => b.Handle).IsUnique();
            brand.Property(b => b.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<AttributeDefinition>(attribute =>
        {
            attribute.ToTable("catalog_attributes");
            attribute.HasKey(a => a.Code);
            attribute.Property(a => a.Code).HasMaxLength(40);
            attribute.Property(a => a.Name).HasMaxLength(200);
            attribute.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        });
        modelBuilder.Entity<PriceList>(list =>
        {
            list.ToTable("catalog_price_lists");
            list.HasKey(l => l.Id);
            list.Property(l => l.Id).HasMaxLength(40);
            list.Property(l => l.Name).HasMaxLength(200);
            list.Property(l => l.CustomerGroup).HasMaxLength(64);
            list.Property(l => l.Region).HasMaxLength(64);
            list.HasData(new PriceList { Id = PriceList.DefaultId, Name = "Default", Priority = 0 });
        });
    }
}
