using Microsoft.EntityFrameworkCore;

namespace Meridian.Orders.Data;

/// <summary><see cref="OrdersDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class OrdersPostgresDbContext(DbContextOptions<OrdersPostgresDbContext> options) : OrdersDbContext(options);
