using Microsoft.EntityFrameworkCore;

namespace Meridian.Channels.Data;

/// <summary><see cref="ChannelsDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class ChannelsPostgresDbContext(DbContextOptions<ChannelsPostgresDbContext> options) : ChannelsDbContext(options);
