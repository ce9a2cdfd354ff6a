using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Events.Data;

/// <summary>
/// The event backbone's tables, prefixed <c>events_</c>. The schema is EF's; the hot paths (append,
/// sequence, inbox) are plain SQL that runs unchanged on SQLite and PostgreSQL (see <see cref="Sql"/>).
/// Add a migration for both providers: <c>scripts/add-migration.sh Events NAME</c>.
/// </summary>
internal class EventsDbContext : DbContext
{
    public EventsDbContext(DbContextOptions<EventsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="EventsPostgresDbContext"/>, whose options name its own type.</summary>
    protected EventsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<OutboxEvent> Outbox => Set<OutboxEvent>();
    public DbSet<InboxEntry> Inbox => Set<InboxEntry>();
    public DbSet<Checkpoint> Checkpoints => Set<Checkpoint>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();
    public DbSet<TransportCheckpoint> TransportCheckpoints => Set<TransportCheckpoint>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxEvent>(e =>
        {
            e.ToTable("events_outbox");
            e.HasKey(x => x.Position);
            e.Property(x => x.Position).ValueGeneratedOnAdd();
            e.Property(x => x.EventId).HasMaxLength(40);
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.Source).HasMaxLength(100);
            e.Property(x => x.Subject).HasMaxLength(100);
            e.HasIndex(x => x.EventId).IsUnique();
            e.HasIndex(x => x.Sequence).IsUnique();
            e.HasIndex(x => x.PublishedAt);
        });
        modelBuilder.Entity<InboxEntry>(e =>
        {
            e.ToTable("events_inbox");
            e.HasKey(x => new { x.Consumer, x.EventId });
            e.Property(x => x.Consumer).HasMaxLength(100);
            e.Property(x => x.EventId).HasMaxLength(40);
            e.HasIndex(x => x.ProcessedAt);
        });
        modelBuilder.Entity<Checkpoint>(e =>
        {
            e.ToTable("events_checkpoints");
            e.HasKey(x => x.Consumer);
            e.Property(x => x.Consumer).HasMaxLength(100);
        });
        modelBuilder.Entity<TransportCheckpoint>(e =>
        {
            e.ToTable("events_transport_checkpoints");
            e.HasKey(x => x.Transport);
            e.Property(x => x.Transport).HasMaxLength(140);
        });
        modelBuilder.Entity<Lease>(e =>
        {
            e.ToTable("events_leases");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(140);
            e.Property(x => x.Holder).HasMaxLength(64);
        });
        modelBuilder.Entity<DeadLetter>(e =>
        {
            e.ToTable("events_dead_letters");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Consumer).HasMaxLength(100);
            e.Property(x => x.EventId).HasMaxLength(40);
            e.Property(x => x.ErrorType).HasMaxLength(200);
            e.Property(x => x.ErrorMessage).HasMaxLength(500);
            e.HasIndex(x => new { x.Consumer, x.FailedAt });
        });
    }
}
