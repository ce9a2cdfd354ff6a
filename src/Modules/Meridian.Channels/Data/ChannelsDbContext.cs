using Meridian.Channels.Domain;
using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Channels.Data;

/// <summary>
/// The channels module's tables, prefixed <c>channels_</c>.
/// Add a migration for both providers: <c>scripts/add-migration.sh Channels NAME</c>.
/// </summary>
internal class ChannelsDbContext : DbContext
{
    public ChannelsDbContext(DbContextOptions<ChannelsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="ChannelsPostgresDbContext"/>, whose options name its own type.</summary>
    protected ChannelsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<SalesChannel> Channels => Set<SalesChannel>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseMeridianConventions(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SalesChannel>(channel =>
        {
            channel.ToTable("channels_sales_channels");
            channel.HasKey(c => c.Id);
            channel.Property(c => c.Id).HasMaxLength(40);
            channel.Property(c => c.Handle).HasMaxLength(64);
            channel.HasIndex(c => c.Handle).IsUnique();
            channel.Property(c => c.Name).HasMaxLength(200);
            channel.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        });
        modelBuilder.Entity<ApiKey>(key =>
        {
            key.ToTable("channels_api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(40);
            key.Property(k => k.Name).HasMaxLength(200);
            key.Property(k => k.Kind).HasMaxLength(20);
            key.Property(k => k.ChannelId).HasMaxLength(40);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.HasIndex(k => k.Hash).IsUnique();
            key.Property(k => k.Prefix).HasMaxLength(12);
            key.Property(k => k.Scopes).HasMaxLength(1000);
            key.Ignore(k => k.ScopeList);
        });
    }
}
