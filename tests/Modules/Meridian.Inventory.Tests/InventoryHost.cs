using Meridian.Inventory.Contracts;
using Meridian.Inventory.Data;
using Meridian.Inventory.Domain;
using Meridian.Inventory.Features.Reservations;
using Meridian.SharedKernel.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meridian.Inventory.Tests;

/// <summary>The inventory's services on a real SQLite file (WAL, as the Server runs it) with the real migrations.</summary>
internal sealed class InventoryHost : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "meridian-inventory-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    /// <summary>The events the reservations appended, in order (the outbox itself is the events module's).</summary>
    public RecordingOutbox Outbox { get; } = new();

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "inventory.db")};Default Timeout=60";

    public static async Task<InventoryHost> StartAsync()
    {
        var host = new InventoryHost();
        Directory.CreateDirectory(host._folder);
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddDbContext<InventoryDbContext>(options =>
            options.UseSqlite(host.ConnectionString, sqlite => sqlite.MigrationsHistoryTable("__inventory_migrations")));
        services.AddScoped<IStockReservations, StockReservations>();
        services.AddSingleton<IEventOutbox>(host.Outbox);
        host._services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using var scope = host._services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
        return host;
    }

    /// <summary>Stocks a new, unique SKU at the given locations (<c>loc_a</c>, <c>loc_b</c>, …) with these on-hand counts.</summary>
    public async Task<string> StockAsync(params int[] onHandPerLocation)
    {
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..12];
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        for (var i = 0; i < onHandPerLocation.Length; i++)
        {
            var location = $"loc_{(char)('a' + i)}";
            if (!await db.Locations.AnyAsync(l => l.Id == location))
            {
                db.Locations.Add(new StockLocation { Id = location, Handle = location.Replace('_', '-'), Name = location });
            }
            db.StockLevels.Add(new StockLevel { Sku = sku, LocationId = location, OnHand = onHandPerLocation[i] });
        }
        await db.SaveChangesAsync();
        return sku;
    }

    /// <summary>Runs <paramref name="use"/> with the reservations of a fresh scope, as one request would.</summary>
    public async Task<T> WithReservations<T>(Func<IStockReservations, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<IStockReservations>());
    }

    public async Task<(int OnHand, int Reserved, int Held)> LevelsOf(string sku)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var levels = await db.StockLevels.AsNoTracking().Where(l => l.Sku == sku).ToListAsync();
        var held = await db.Reservations.AsNoTracking().Where(r => r.Sku == sku).SumAsync(r => r.Quantity);
        return (levels.Sum(l => l.OnHand), levels.Sum(l => l.Reserved), held);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
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
}

/// <summary>An outbox that keeps what was appended; that it commits with the transaction is the events module's tested concern.</summary>
internal sealed class RecordingOutbox : IEventOutbox
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<NewEvent> _appended = new();

    public IReadOnlyList<NewEvent> Appended => [.. _appended];

    public Task AppendAsync(System.Data.Common.DbTransaction transaction, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        foreach (var e in events)
        {
            _appended.Enqueue(e);
        }
        return Task.CompletedTask;
    }
}
