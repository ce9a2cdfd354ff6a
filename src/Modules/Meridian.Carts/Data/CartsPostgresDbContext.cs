using Microsoft.EntityFrameworkCore;

namespace Meridian.Carts.Data;

/// <summary><see cref="CartsDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class CartsPostgresDbContext(DbContextOptions<CartsPostgresDbContext> options) : CartsDbContext(options);
