using Meridian.Inventory.Domain;
using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Inventory.Data;

/// <summary>
/// The inventory's tables, prefixed <c>inventory_</c>.
/// Add a migration for both providers: <c>scripts/add-migration.sh Inventory NAME</c>.
/// </summary>
internal class InventoryDbContext : DbContext
{
    public InventoryDbContext(DbContextOptions<InventoryDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="InventoryPostgresDbContext"/>, whose options name its own type.</summary>
    protected InventoryDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<StockLocation> Locations => Set<StockLocation>();
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<StockReservation> Reservations => Set<StockReservation>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StockLocation>(location =>
        {
            location.ToTable("inventory_locations");
            location.HasKey(l => l.Id);
            location.Property(l => l.Id).HasMaxLength(40);
            location.Property(l => l.Handle).HasMaxLength(64);
            location.HasIndex(l => l.Handle).IsUnique();
            location.Property(l => l.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<StockLevel>(level =>
        {
            level.ToTable("inventory_stock_levels", table =>
            {
                table.HasCheckConstraint("ck_stock_on_hand", "\"OnHand\" >= 0");
                table.HasCheckConstraint("ck_stock_reserved", "\"Reserved\" >= 0 AND \"Reserved\" <= \"OnHand\"");
            });
            level.HasKey(l => new { l.Sku, l.LocationId });
            level.Property(l => l.Sku).HasMaxLength(64);
            level.Property(l => l.LocationId).HasMaxLength(40);
            level.Ignore(l => l.Available);
        });
        modelBuilder.Entity<StockReservation>(reservation =>
        {
            reservation.ToTable("inventory_reservations", table => table.HasCheckConstraint("ck_reservation_quantity", "\"Quantity\" >= 0"));
            reservation.HasKey(r => new { r.OrderId, r.Sku, r.LocationId });
            reservation.Property(r => r.OrderId).HasMaxLength(40);
            reservation.Property(r => r.Sku).HasMaxLength(64);
            reservation.Property(r => r.LocationId).HasMaxLength(40);
        });
    }
}
