using Meridian.Events.Data;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Events.Retention;

/// <summary>
/// Deletes published events and inbox rows older than <see cref="EventsOptions.Retention"/>. Unpublished
/// events are never deleted, whatever their age; dead letters stay until an operator has seen them.
/// </summary>
internal sealed class EventRetention(IServiceScopeFactory scopes, TimeProvider time, IOptions<EventsOptions> options, ILogger<EventRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await BackgroundIntervals.NextAsync(options.Value.RetentionSweepInterval, time, stoppingToken))
        {
            await SweepAsync(stoppingToken);
        }
    }

    public async Task<(int Events, int InboxRows)> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        var cutoff = Sql.Ms(time.GetUtcNow() - options.Value.Retention);
        var events = await db.Outbox.Where(e => e.PublishedAt != null && e.PublishedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var inbox = await db.Inbox.Where(i => i.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (events + inbox > 0)
        {
            EventsLog.Swept(logger, events, inbox);
        }
        return (events, inbox);
    }
}
