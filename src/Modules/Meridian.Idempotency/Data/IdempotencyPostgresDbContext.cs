using Microsoft.EntityFrameworkCore;

namespace Meridian.Idempotency.Data;

/// <summary><see cref="IdempotencyDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class IdempotencyPostgresDbContext(DbContextOptions<IdempotencyPostgresDbContext> options) : IdempotencyDbContext(options);
