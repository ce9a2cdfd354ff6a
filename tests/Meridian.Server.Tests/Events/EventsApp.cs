using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel.Events;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Events;

/// <summary>
/// A Server with the test consumers registered (a recorder, a consumer that fails on demand, and the
/// built-in effect counter) and quick retries, on its own database. Tests append their own events with
/// uniquely named subjects and look only at those.
/// </summary>
public sealed class EventsApp : IAsyncLifetime
{
    public const int MaxAttempts = 3;

    private readonly MeridianApp _app = new();
    private readonly WebApplicationFactory<Program> _factory;

    public EventsApp()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>The same app with <paramref name="settings"/> on top (a transport's, say).</summary>
    internal EventsApp(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            _app.Settings[key] = value;
        }
        _app.Settings["Meridian:Events:EffectCounter"] = "true";
        _app.Settings["Meridian:Events:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _app.Settings["Meridian:Events:FirstRetryDelay"] = "00:00:00.020";
        _app.Settings["Meridian:Events:MaxRetryDelay"] = "00:00:00.080";
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Log);
            services.AddScoped<IEventConsumer, RecordingConsumer>();
            services.AddScoped<IEventConsumer, FlakyConsumer>();
        }));
    }

    public ConsumerLog Log { get; } = new();

    public IServiceProvider Services => _factory.Services;

    public HttpClient Client(string? apiKey)
    {
        var client = _factory.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }

    public HttpClient Admin() => Client(MeridianApp.AdminKey);

    public DbConnection OpenDatabase() => _app.OpenDatabase();

    /// <summary>How many times the effect-counter consumer took effect of <paramref name="eventId"/>.</summary>
    public long Effects(string eventId) => Scalar("""SELECT COALESCE(SUM("Effects"), 0) FROM events_effect_counts WHERE "EventId" = @p""", eventId);

    /// <summary>A number from the database, with an optional parameter <c>@p</c>.</summary>
    public long Scalar(string sql, object? parameter = null)
    {
        using var db = OpenDatabase();
        return Database.Scalar(db, sql, parameter);
    }

    /// <summary>Appends <paramref name="events"/> through the real outbox in a transaction of the test's own, then commits or rolls back.</summary>
    public async Task AppendAsync(bool commit, params NewEvent[] events)
    {
        using var scope = Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IEventOutbox>();
        await using var connection = OpenDatabase();
        await using DbTransaction transaction = await connection.BeginTransactionAsync();
        await outbox.AppendAsync(transaction, events);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    public Task AppendAsync(params NewEvent[] events) => AppendAsync(commit: true, events);

    public Task<List<JsonElement>> FeedOf(string subject) => EventFeedSteps.FeedOf(Admin(), subject);

    public static Task Eventually(Func<Task<bool>> condition, string what, int seconds = 10) => EventFeedSteps.Eventually(condition, what, seconds);

    public async ValueTask InitializeAsync()
    {
        await _app.PrepareAsync();
        _ = _factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsApp>
{
    public const string Name = "events";
}

/// <summary>What the test consumers saw, in the order they saw it.</summary>
public sealed class ConsumerLog
{
    public ConcurrentQueue<(string Consumer, string EventId, string Subject, long Sequence, int Attempt)> Calls { get; } = new();

    /// <summary>The attempts of <see cref="FlakyConsumer"/> whose transaction committed, as its after-commit actions saw them.</summary>
    public ConcurrentQueue<(string EventId, int Attempt)> Committed { get; } = new();

    /// <summary>Subjects whose events <see cref="FlakyConsumer"/> no longer fails.</summary>
    public ConcurrentDictionary<string, bool> Healed { get; } = new(StringComparer.Ordinal);

    public List<(string Consumer, string EventId, string Subject, long Sequence, int Attempt)> Of(string consumer, string subject) =>
        Calls.Where(c => c.Consumer == consumer && c.Subject == subject).ToList();
}

/// <summary>Records every event it is given.</summary>
public sealed class RecordingConsumer(ConsumerLog log) : IEventConsumer
{
    public const string ConsumerName = "test-recorder";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType != EventTypes.ProductChanged;

    public Task HandleAsync(EventEnvelope envelope, ConsumeContext context, CancellationToken cancellationToken)
    {
        log.Calls.Enqueue((Name, envelope.Id, envelope.Subject, envelope.Sequence, context.Attempt));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Handles stock events only; fails the first <c>failTimes</c> attempts of an event whose data asks for it,
/// or every attempt while <c>failTimes</c> is -1 and the subject is not healed.
/// </summary>
public sealed class FlakyConsumer(ConsumerLog log) : IEventConsumer
{
    public const string ConsumerName = "test-flaky";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => eventType == EventTypes.StockChanged;

    public Task HandleAsync(EventEnvelope envelope, ConsumeContext context, CancellationToken cancellationToken)
    {
        log.Calls.Enqueue((Name, envelope.Id, envelope.Subject, envelope.Sequence, context.Attempt));
        context.AfterCommit(() => log.Committed.Enqueue((envelope.Id, context.Attempt)));
        var failTimes = envelope.Data.TryGetProperty("failTimes", out var value) ? value.GetInt32() : 0;
        var failing = failTimes == -1 ? !log.Healed.ContainsKey(envelope.Subject) : context.Attempt <= failTimes;
        return failing ? throw new InvalidOperationException($"Test failure for {envelope.Subject}, reach ada@example.com") : Task.CompletedTask;
    }
}
