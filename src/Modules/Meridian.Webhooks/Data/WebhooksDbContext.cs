using Meridian.SharedKernel.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Webhooks.Data;

/// <summary>
/// Webhook endpoints, the delivery queue and its attempt log, and the Data Protection key ring that encrypts the
/// endpoints' secrets, prefixed <c>webhooks_</c>. The ring is here, in the region's database, so that every replica
/// of the region shares it with nothing else to set up. Add a migration for both providers:
/// <c>scripts/add-migration.sh Webhooks NAME</c>.
/// </summary>
internal class WebhooksDbContext : DbContext, IDataProtectionKeyContext
{
    public WebhooksDbContext(DbContextOptions<WebhooksDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="WebhooksPostgresDbContext"/>, whose options name its own type.</summary>
    protected WebhooksDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<WebhookEndpoint> Endpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> Attempts => Set<WebhookAttempt>();

    /// <summary>One row per key of the ring (its XML, encrypted when a key-encryption certificate is configured).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebhookEndpoint>(endpoint =>
        {
            endpoint.ToTable("webhooks_endpoints");
            endpoint.HasKey(e => e.Id);
            endpoint.Property(e => e.Id).HasMaxLength(40);
            endpoint.Property(e => e.Url).HasMaxLength(2000);
            endpoint.Property(e => e.EventTypes).HasMaxLength(2000);
            endpoint.Property(e => e.Description).HasMaxLength(500);
            endpoint.Property(e => e.DisabledReason).HasMaxLength(500);
            endpoint.Property(e => e.Secret).HasMaxLength(1000);
            endpoint.Property(e => e.PreviousSecret).HasMaxLength(1000);
            endpoint.Ignore(e => e.EventTypeList);
        });
        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhooks_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).HasMaxLength(40);
            delivery.Property(d => d.EndpointId).HasMaxLength(40);
            delivery.Property(d => d.EventId).HasMaxLength(64);
            delivery.Property(d => d.EventType).HasMaxLength(100);
            delivery.Property(d => d.Status).HasMaxLength(20);
            delivery.Property(d => d.LeaseOwner).HasMaxLength(64);
            // The claim that makes enqueueing idempotent: a replayed event finds its delivery already there.
            delivery.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
            delivery.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WebhookAttempt>(attempt =>
        {
            attempt.ToTable("webhooks_attempts");
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.DeliveryId).HasMaxLength(40);
            attempt.Property(a => a.Error).HasMaxLength(500);
        });
        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("webhooks_data_protection_keys");
            key.HasKey(k => k.Id);
        });
    }
}
