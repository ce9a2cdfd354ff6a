using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Idempotency.Data;

/// <summary>
/// Idempotency records, prefixed <c>idempotency_</c>; operational data of the region that served them.
/// Add a migration for both providers: <c>scripts/add-migration.sh Idempotency NAME</c>.
/// </summary>
internal class IdempotencyDbContext : DbContext
{
    public IdempotencyDbContext(DbContextOptions<IdempotencyDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="IdempotencyPostgresDbContext"/>, whose options name its own type.</summary>
    protected IdempotencyDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<IdempotencyRecord> Records => Set<IdempotencyRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_records");
            record.HasKey(r => new { r.Scope, r.Key });
            record.Property(r => r.Scope).HasMaxLength(120);
            record.Property(r => r.Key).HasMaxLength(255);
            record.Property(r => r.Fingerprint).HasMaxLength(64);
            record.Property(r => r.ContentType).HasMaxLength(200);
            record.HasIndex(r => r.CreatedAt);
        });
}
