using System.Collections.Concurrent;

using Meridian.Payments.Contracts;
using Meridian.Payments.Data;
using Meridian.Payments.Providers.Test;
using Meridian.SharedKernel;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Payments.Tests;

/// <summary>
/// The payments module's services on a real SQLite file with the real migrations, a fake clock, and a
/// log that remembers every message. Each test makes its own host (or its own orders) and can restart
/// it on the same file to prove what survives a process restart.
/// </summary>
internal sealed class PaymentsHost : IAsyncDisposable
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    private readonly string _folder;
    private readonly Dictionary<string, string?> _settings;
    private ServiceProvider _services = null!;
    private bool _ownsFolder = true;

    private PaymentsHost(string folder, Dictionary<string, string?> settings, FakeTimeProvider time)
    {
        _folder = folder;
        _settings = settings;
        Time = time;
    }

    public FakeTimeProvider Time { get; }
    public ConcurrentQueue<string> Logs { get; } = new();
    public IPayments Payments => _services.GetRequiredService<IPayments>();
    public IPaymentRecovery Recovery => _services.GetRequiredService<IPaymentRecovery>();
    public TestPaymentProvider Simulator => _services.GetRequiredService<TestPaymentProvider>();
    public IServiceProvider Services => _services;

    /// <summary>Counts hangs of the simulator, so a test advances the clock exactly when a call waits.</summary>
    public SemaphoreSlim Hangs { get; } = new(0);

    public static async Task<PaymentsHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Meridian:Payments:Resilience:AttemptTimeout"] = AttemptTimeout.ToString(),
            ["Meridian:Payments:Resilience:MaxRetryAttempts"] = "2",
            ["Meridian:Payments:Resilience:RetryDelay"] = "00:00:00",
            ["Meridian:Payments:Resilience:MinimumThroughput"] = "100",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }
        var folder = Path.Combine(Path.GetTempPath(), "meridian-payments-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var host = new PaymentsHost(folder, all, new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)));
        await host.BuildAsync();
        return host;
    }

    /// <summary>A second process on the same database file and clock, running beside this one.</summary>
    public async Task<PaymentsHost> PeerAsync()
    {
        var peer = new PaymentsHost(_folder, _settings, Time) { _ownsFolder = false };
        await peer.BuildAsync();
        return peer;
    }

    /// <summary>A new process on the same database file: nothing in memory survives.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await BuildAsync();
    }

    private async Task BuildAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging => logging.AddProvider(new RememberingLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace));
        services.AddDbContext<PaymentsDbContext>(options =>
            options.UseSqlite($"Data Source={Path.Combine(_folder, "payments.db")};Default Timeout=30",
                sqlite => sqlite.MigrationsHistoryTable("__payments_migrations")));
        services.AddPaymentsCore(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
        Simulator.OnHang = () => Hangs.Release();
    }

    /// <summary>Awaits <paramref name="call"/>, moving the clock past the attempt timeout each time the provider hangs.</summary>
    public async Task<T> ThroughHangs<T>(Task<T> call)
    {
        while (true)
        {
            var hang = Hangs.WaitAsync(TestContext.Current.CancellationToken);
            if (await Task.WhenAny(call, hang) == call)
            {
                return await call;
            }
            Time.Advance(AttemptTimeout);
        }
    }

    public async Task<int> ChargesOf(string orderId) =>
        (await Simulator.ChargesAsync(orderId, CancellationToken.None)).Count(c => c.Status is not ProviderStatus.Declined);

    public static string NewOrder() => Ids.New("ord");

    public static Money Eur(long amount) => new(amount, "EUR");

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (!_ownsFolder)
        {
            return;
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's cleaning; it must not fail a test.
        }
    }

    private sealed class RememberingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(logs);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                logs.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        logs.Enqueue($"{key}={value}");
                    }
                }
            }
        }
    }
}
