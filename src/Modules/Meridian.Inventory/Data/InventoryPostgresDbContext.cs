using Microsoft.EntityFrameworkCore;

namespace Meridian.Inventory.Data;

/// <summary><see cref="InventoryDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class InventoryPostgresDbContext(DbContextOptions<InventoryPostgresDbContext> options) : InventoryDbContext(options);
