using Microsoft.EntityFrameworkCore;

namespace Meridian.Catalog.Data;

/// <summary><see cref="CatalogDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class CatalogPostgresDbContext(DbContextOptions<CatalogPostgresDbContext> options) : CatalogDbContext(options);
