using Meridian.Payments.Domain;
using Meridian.Payments.Providers.Test;
using Meridian.SharedKernel.Data;

using Microsoft.EntityFrameworkCore;

namespace Meridian.Payments.Data;

/// <summary>
/// The payments' tables, prefixed <c>payments_</c>: the orchestrator's payments and refunds, and the
/// test provider's charges and ledger (the simulator's own, which it alone reads and writes).
/// Add a migration for both providers: <c>scripts/add-migration.sh Payments NAME</c>,
/// then make the generated classes <c>internal</c>.
/// </summary>
internal class PaymentsDbContext : DbContext
{
    public PaymentsDbContext(DbContextOptions<PaymentsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PaymentsPostgresDbContext"/>, whose options name its own type.</summary>
    protected PaymentsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<TestCharge> TestCharges => Set<TestCharge>();
    public DbSet<TestLedgerEntry> TestLedger => Set<TestLedgerEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments_payments", table =>
            {
                table.HasCheckConstraint("ck_payments_amount", "\"Amount\" > 0");
                table.HasCheckConstraint("ck_payments_captured", "\"CapturedAmount\" >= 0 AND \"CapturedAmount\" <= \"AuthorizedAmount\"");
                table.HasCheckConstraint("ck_payments_refunded", "\"RefundedAmount\" >= 0 AND \"RefundedAmount\" <= \"CapturedAmount\"");
            });
            payment.HasKey(p => p.Id);
            payment.Property(p => p.Id).HasMaxLength(40);
            payment.Property(p => p.OrderId).HasMaxLength(64);
            payment.HasIndex(p => p.OrderId);
            // Claiming the key with a unique index is what makes AuthorizeAsync idempotent across replicas.
            payment.Property(p => p.IdempotencyKey).HasMaxLength(200);
            payment.HasIndex(p => p.IdempotencyKey).IsUnique();
            payment.Property(p => p.Provider).HasMaxLength(40);
            payment.Property(p => p.TokenHash).HasMaxLength(64);
            payment.Property(p => p.CustomerId).HasMaxLength(64);
            payment.Property(p => p.Channel).HasMaxLength(64);
            payment.Property(p => p.CaptureMode).HasConversion<string>().HasMaxLength(20);
            payment.Property(p => p.Currency).HasMaxLength(3);
            payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(30);
            payment.HasIndex(p => new { p.Status, p.UpdatedAt });
            payment.Property(p => p.ProviderReference).HasMaxLength(100);
            payment.Property(p => p.FailureCode).HasMaxLength(60);
            payment.Property(p => p.FailureMessage).HasMaxLength(300);
            payment.Property(p => p.Version).IsConcurrencyToken();
            payment.HasMany(p => p.Refunds).WithOne().HasForeignKey(r => r.PaymentId);
            payment.Navigation(p => p.Refunds).AutoInclude();
        });
        modelBuilder.Entity<Refund>(refund =>
        {
            refund.ToTable("payments_refunds", table => table.HasCheckConstraint("ck_refunds_amount", "\"Amount\" > 0"));
            refund.HasKey(r => r.Id);
            refund.Property(r => r.Id).HasMaxLength(40);
            refund.Property(r => r.PaymentId).HasMaxLength(40);
            refund.Property(r => r.IdempotencyKey).HasMaxLength(200);
            refund.HasIndex(r => new { r.PaymentId, r.IdempotencyKey }).IsUnique();
            refund.Property(r => r.ProviderReference).HasMaxLength(100);
        });
        modelBuilder.Entity<TestCharge>(charge =>
        {
            charge.ToTable("payments_test_charges");
            charge.HasKey(c => c.Reference);
            charge.Property(c => c.Reference).HasMaxLength(40);
            charge.Property(c => c.IdempotencyKey).HasMaxLength(200);
            charge.HasIndex(c => c.IdempotencyKey).IsUnique();
            charge.Property(c => c.OrderId).HasMaxLength(64);
            charge.HasIndex(c => c.OrderId);
            charge.Property(c => c.Token).HasMaxLength(200);
            charge.Property(c => c.Currency).HasMaxLength(3);
            charge.Property(c => c.Status).HasConversion<string>().HasMaxLength(30);
            charge.Property(c => c.DeclineCode).HasMaxLength(60);
            charge.Property(c => c.DeclineMessage).HasMaxLength(300);
            charge.Property(c => c.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<TestLedgerEntry>(entry =>
        {
            entry.ToTable("payments_test_ledger");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).HasMaxLength(40);
            entry.Property(e => e.IdempotencyKey).HasMaxLength(300);
            entry.HasIndex(e => e.IdempotencyKey).IsUnique();
            entry.Property(e => e.Kind).HasMaxLength(20);
            entry.Property(e => e.ChargeReference).HasMaxLength(40);
            entry.Property(e => e.OrderId).HasMaxLength(64);
            entry.HasIndex(e => e.OrderId);
            entry.Property(e => e.Currency).HasMaxLength(3);
            entry.Property(e => e.Result).HasMaxLength(30);
            entry.Property(e => e.ErrorCode).HasMaxLength(60);
        });
    }
}
