using Meridian.Events.Data;
using Meridian.Events.Retention;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Events.Tests;

/// <summary>The retention sweep on a real SQLite database with the real migrations.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync();
        _services = new ServiceCollection()
            .AddDbContext<EventsDbContext>(options => options.UseSqlite(_connection))
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EventsDbContext>().Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private long DaysAgo(double days) => Sql.Ms(_clock.GetUtcNow() - TimeSpan.FromDays(days));

    [Fact]
    public async Task published_events_and_inbox_rows_past_the_retention_go_and_unpublished_events_stay_whatever_their_age()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
            db.Outbox.AddRange(
                Event("evt_old_published", sequence: 1, publishedAt: DaysAgo(8)),
                Event("evt_new_published", sequence: 2, publishedAt: DaysAgo(6)),
                Event("evt_old_unpublished", sequence: null, publishedAt: null, time: DaysAgo(30)));
            db.Inbox.AddRange(
                new InboxEntry { Consumer = "c", EventId = "evt_old_published", ProcessedAt = DaysAgo(8) },
                new InboxEntry { Consumer = "c", EventId = "evt_new_published", ProcessedAt = DaysAgo(1) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var sweep = new EventRetention(_services.GetRequiredService<IServiceScopeFactory>(), _clock,
            Options.Create(new EventsOptions()), NullLogger<EventRetention>.Instance);

        var (events, inbox) = await sweep.SweepAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 1), (events, inbox));
        await using var check = _services.CreateAsyncScope();
        var left = check.ServiceProvider.GetRequiredService<EventsDbContext>();
        Assert.Equal(["evt_new_published", "evt_old_unpublished"], await left.Outbox.Select(e => e.EventId).OrderBy(id => id).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["evt_new_published"], await left.Inbox.Select(i => i.EventId).ToListAsync(TestContext.Current.CancellationToken));
    }

    private OutboxEvent Event(string id, long? sequence, long? publishedAt, long? time = null) => new()
    {
        EventId = id,
        Type = "stock.changed.v1",
        Source = "/meridian/eu-central",
        Subject = "sku",
        Time = time ?? publishedAt ?? Sql.Ms(_clock.GetUtcNow()),
        Data = "{}",
        Sequence = sequence,
        PublishedAt = publishedAt,
    };
}
