using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Meridian.Idempotency.Data;

/// <summary>Deletes records past their retention every hour; the contract promises keys are kept at least 24 hours.</summary>
internal sealed class ExpireIdempotencyRecords(IServiceScopeFactory scopes, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await BackgroundIntervals.NextAsync(TimeSpan.FromHours(1), time, stoppingToken))
        {
            await ExpireAsync(stoppingToken);
        }
    }

    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdempotencyDbContext>();
        var cutoff = time.GetUtcNow() - Retention;
        return await db.Records.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
