using Meridian.Customers.Domain;
using Meridian.SharedKernel.Data;

using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Data;

/// <summary>
/// The customers module's tables, prefixed <c>customers_</c>. Resident data: it lives only in the
/// customer's home region.
/// Add a migration for both providers: <c>scripts/add-migration.sh Customers NAME</c>.
/// </summary>
internal class CustomersDbContext : DbContext
{
    public CustomersDbContext(DbContextOptions<CustomersDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="CustomersPostgresDbContext"/>, whose options name its own type.</summary>
    protected CustomersDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Address> Addresses => Set<Address>();
    public DbSet<ConsentEntry> Consents => Set<ConsentEntry>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    /// <summary>The consent ledger is append-only: a change or deletion of a line is a bug, never a feature.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardConsentLedger();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardConsentLedger();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.ToTable("customers_customers");
            customer.HasKey(c => c.Id);
            customer.Property(c => c.Id).HasMaxLength(40);
            customer.Property(c => c.Email).HasMaxLength(Emails.MaxLength);
            customer.HasIndex(c => c.Email).IsUnique();
            customer.Property(c => c.PasswordHash).HasMaxLength(200);
            customer.Property(c => c.FirstName).HasMaxLength(100);
            customer.Property(c => c.LastName).HasMaxLength(100);
            customer.Property(c => c.Phone).HasMaxLength(32);
            customer.Property(c => c.Country).HasMaxLength(2);
            customer.Property(c => c.HomeRegion).HasMaxLength(40);
            customer.Property(c => c.Jurisdiction).HasMaxLength(10);
            customer.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            customer.Property(c => c.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<Address>(address =>
        {
            address.ToTable("customers_addresses");
            address.HasKey(a => a.Id);
            address.Property(a => a.Id).HasMaxLength(40);
            address.Property(a => a.CustomerId).HasMaxLength(40);
            address.HasIndex(a => a.CustomerId);
            address.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
            address.Property(a => a.Label).HasMaxLength(50);
            address.Property(a => a.FirstName).HasMaxLength(100);
            address.Property(a => a.LastName).HasMaxLength(100);
            address.Property(a => a.Company).HasMaxLength(100);
            address.Property(a => a.Line1).HasMaxLength(200);
            address.Property(a => a.Line2).HasMaxLength(200);
            address.Property(a => a.City).HasMaxLength(100);
            address.Property(a => a.Region).HasMaxLength(100);
            address.Property(a => a.PostalCode).HasMaxLength(20);
            address.Property(a => a.Country).HasMaxLength(2);
            address.Property(a => a.Phone).HasMaxLength(32);
        });
        modelBuilder.Entity<ConsentEntry>(consent =>
        {
            consent.ToTable("customers_consent_ledger");
            consent.HasKey(c => c.Id);
            consent.Property(c => c.Id).HasMaxLength(40);
            consent.Property(c => c.CustomerId).HasMaxLength(40);
            consent.HasIndex(c => new { c.CustomerId, c.RecordedAt });
            consent.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
            consent.Property(c => c.Purpose).HasMaxLength(40);
            consent.Property(c => c.TermsVersion).HasMaxLength(64);
            consent.Property(c => c.Source).HasMaxLength(64);
        });
        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.ToTable("customers_refresh_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasMaxLength(40);
            token.Property(t => t.CustomerId).HasMaxLength(40);
            token.HasIndex(t => t.CustomerId);
            token.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
            token.Property(t => t.FamilyId).HasMaxLength(40);
            token.HasIndex(t => t.FamilyId);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.HasIndex(t => t.Hash).IsUnique();
            token.Property(t => t.RevokedAt).IsConcurrencyToken();
            token.Property(t => t.RevokedReason).HasMaxLength(20);
            token.Property(t => t.ReplacedById).HasMaxLength(40);
        });
    }

    private void GuardConsentLedger()
    {
        if (ChangeTracker.Entries<ConsentEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The consent ledger is append-only.");
        }
    }
}
