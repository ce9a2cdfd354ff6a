using Microsoft.EntityFrameworkCore;

namespace Meridian.Payments.Data;

/// <summary><see cref="PaymentsDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class PaymentsPostgresDbContext(DbContextOptions<PaymentsPostgresDbContext> options) : PaymentsDbContext(options);
