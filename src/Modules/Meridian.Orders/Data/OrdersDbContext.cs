using System.Text.Json;
using Meridian.Orders.Domain;
using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Meridian.Orders.Data;

/// <summary>
/// The orders' tables, prefixed <c>orders_</c>. An order is one row: its lines, address, fulfilments,
/// returns and refunds are parts of the aggregate that are always read and written with it, so they are
/// JSON columns; its status history is an append-only table of its own.
/// Add a migration for both providers: <c>scripts/add-migration.sh Orders NAME</c>.
/// </summary>
internal class OrdersDbContext : DbContext
{
    public OrdersDbContext(DbContextOptions<OrdersDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="OrdersPostgresDbContext"/>, whose options name its own type.</summary>
    protected OrdersDbContext(DbContextOptions options)
        : base(options)
    {
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderHistoryEntry> History => Set<OrderHistoryEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders_orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).HasMaxLength(40);
            order.Property(o => o.ChannelId).HasMaxLength(64);
            order.Property(o => o.CustomerId).HasMaxLength(40);
            order.Property(o => o.Email).HasMaxLength(320);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.IdempotencyScope).HasMaxLength(200);
            order.Property(o => o.IdempotencyKey).HasMaxLength(255);
            order.Property(o => o.PaymentId).HasMaxLength(40);
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(32);
            order.Property(o => o.PaymentStatus).HasConversion<string>().HasMaxLength(32);
            order.Property(o => o.FulfillmentStatus).HasConversion<string>().HasMaxLength(32);
            order.Property(o => o.Version).IsConcurrencyToken();
            order.Ignore(o => o.ETag);
            order.Ignore(o => o.Refundable);
            JsonColumn(order.Property(o => o.Lines));
            JsonColumn(order.Property(o => o.ShippingAddress));
            JsonColumn(order.Property(o => o.Shipping));
            JsonColumn(order.Property(o => o.AppliedPromotions));
            JsonColumn(order.Property(o => o.Fulfillments));
            JsonColumn(order.Property(o => o.Returns));
            JsonColumn(order.Property(o => o.Refunds));
            order.HasIndex(o => new { o.IdempotencyScope, o.IdempotencyKey }).IsUnique();
            order.HasIndex(o => new { o.CustomerId, o.Id });
            order.HasIndex(o => new { o.Status, o.Id });
            order.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId);
        });
        modelBuilder.Entity<OrderHistoryEntry>(history =>
        {
            history.ToTable("orders_history");
            history.HasKey(h => h.Id);
            history.Property(h => h.OrderId).HasMaxLength(40);
            history.Property(h => h.Field).HasMaxLength(32);
            history.Property(h => h.From).HasMaxLength(32);
            history.Property(h => h.To).HasMaxLength(32);
            history.Property(h => h.Reason).HasMaxLength(200);
            history.HasIndex(h => new { h.OrderId, h.Id });
        });
    }

    /// <summary>Stores a part of the aggregate as JSON text, compared by its JSON so in-place changes are saved too.</summary>
    private static void JsonColumn<T>(PropertyBuilder<T> property) =>
        property.HasConversion(
            value => JsonSerializer.Serialize(value, Json),
            text => JsonSerializer.Deserialize<T>(text, Json)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                value => JsonSerializer.Serialize(value, Json).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Json), Json)!));
}
