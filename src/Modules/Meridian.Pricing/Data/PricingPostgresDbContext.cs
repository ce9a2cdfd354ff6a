using Microsoft.EntityFrameworkCore;

namespace Meridian.Pricing.Data;

/// <summary><see cref="PricingDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class PricingPostgresDbContext(DbContextOptions<PricingPostgresDbContext> options) : PricingDbContext(options);
