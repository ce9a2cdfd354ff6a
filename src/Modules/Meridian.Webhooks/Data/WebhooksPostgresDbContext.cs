using Microsoft.EntityFrameworkCore;

namespace Meridian.Webhooks.Data;

/// <summary><see cref="WebhooksDbContext"/> on PostgreSQL: the same model, with migrations of its own in <c>Data/PostgresMigrations</c>.</summary>
internal sealed class WebhooksPostgresDbContext(DbContextOptions<WebhooksPostgresDbContext> options) : WebhooksDbContext(options);
