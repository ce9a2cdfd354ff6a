using Microsoft.EntityFrameworkCore;

namespace Meridian.Marketplace.Data;

/// <summary><see cref="MarketplaceDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class MarketplacePostgresDbContext(DbContextOptions<MarketplacePostgresDbContext> options) : MarketplaceDbContext(options);
