using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Carts.Data;

/// <summary>
/// The carts' table, prefixed <c>carts_</c>. A cart is one row: the columns the store queries by, and its
/// content (lines, codes, address, method, email) as one JSON document, the shape a Redis store keeps too.
/// Add a migration for both providers: <c>scripts/add-migration.sh Carts NAME</c>.
/// </summary>
internal class CartsDbContext : DbContext
{
    public CartsDbContext(DbContextOptions<CartsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="CartsPostgresDbContext"/>, whose options name its own type.</summary>
    protected CartsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<CartRow> Carts => Set<CartRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<CartRow>(cart =>
        {
            cart.ToTable("carts_carts");
            cart.HasKey(c => c.Id);
            cart.Property(c => c.Id).HasMaxLength(40);
            cart.Property(c => c.ChannelId).HasMaxLength(40);
            cart.Property(c => c.CustomerId).HasMaxLength(40);
            cart.Property(c => c.Currency).HasMaxLength(3);
            cart.Property(c => c.Status).HasMaxLength(16);
            cart.Property(c => c.MergedIntoId).HasMaxLength(40);
            cart.Property(c => c.OrderId).HasMaxLength(40);
            cart.Property(c => c.Version).IsConcurrencyToken();
            cart.HasIndex(c => new { c.CustomerId, c.ChannelId, c.Status });
            cart.HasIndex(c => c.ExpiresAt);
        });
}

/// <summary>A cart as stored.</summary>
internal sealed class CartRow
{
    public required string Id { get; init; }
    public string? ChannelId { get; init; }
    public string? CustomerId { get; set; }
    public required string Currency { get; init; }
    public required string Status { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? MergedIntoId { get; set; }
    public string? OrderId { get; set; }
    public required string Content { get; set; }
}
