using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Data;

/// <summary><see cref="CustomersDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class CustomersPostgresDbContext(DbContextOptions<CustomersPostgresDbContext> options) : CustomersDbContext(options);
