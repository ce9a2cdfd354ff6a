using Microsoft.EntityFrameworkCore;

namespace Meridian.Events.Data;

/// <summary><see cref="EventsDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class EventsPostgresDbContext(DbContextOptions<EventsPostgresDbContext> options) : EventsDbContext(options);
