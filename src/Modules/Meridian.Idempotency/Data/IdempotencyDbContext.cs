using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Idempotency.Data;

/// <summary>
/// Idempotency records, prefixed <c>idempotency_</c>; operational data of the region that served them.
/// Add a migration: <c>dotnet dotnet-ef migrations add NAME --project src/Modules/Meridian.Idempotency --startup-project src/Meridian.Server --context IdempotencyDbContext --output-dir Data/Migrations</c>.
/// </summary>
internal sealed class IdempotencyDbContext(DbContextOptions<IdempotencyDbContext> options) : DbContext(options)
{
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
