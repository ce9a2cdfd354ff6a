using Meridian.Carts.Data;
using Meridian.Carts.Domain;
using Meridian.Carts.Features.ExpireCarts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Carts.Tests.Data;

/// <summary>The SQLite store through its real migrations: conditional writes, conversion and the expiry sweep.</summary>
public sealed class CartStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Idle = TimeSpan.FromDays(7);
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync();
        _services = new ServiceCollection()
            .AddDbContext<CartsDbContext>(options => options.UseSqlite(_connection))
            .AddScoped<ICartStore, EfCartStore>()
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CartsDbContext>().Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async Task<T> WithStore<T>(Func<ICartStore, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ICartStore>());
    }

    private Cart NewCart(string id) => Cart.Open(id, "chan_web", null, "EUR", "a@example.com", _clock.GetUtcNow(), Idle);

    [Fact]
    public async Task a_cart_round_trips_with_its_lines_codes_and_address()
    {
        var cart = NewCart("cart_round");
        cart.AddItem("var_1", "SKU-1", "Shirt", "M", "https://cdn.example.com/1.jpg", 2, new CartLimits(), () => "line_1");
        cart.AddPromotionCode("FREESHIP", new CartLimits());
        cart.ShippingAddress = new ShippingAddress("DE", "10115", "Berlin", ["Street 1"], "Ada");
        await WithStore(async s => { await s.AddAsync(cart, default); return 0; });

        var read = await WithStore(s => s.FindAsync("cart_round", default));

        Assert.NotNull(read);
        Assert.Equal(2, Assert.Single(read.Lines).Quantity);
        Assert.Equal(["FREESHIP"], read.PromotionCodes);
        Assert.Equal("Berlin", read.ShippingAddress?.City);
        Assert.Equal("a@example.com", read.Email);
        Assert.Equal(cart.ExpiresAt, read.ExpiresAt);
    }

    [Fact]
    public async Task of_two_writers_who_read_the_same_version_only_the_first_write_lands()
    {
        await WithStore(async s => { await s.AddAsync(NewCart("cart_race"), default); return 0; });
        var first = (await WithStore(s => s.FindAsync("cart_race", default)))!;
        var second = (await WithStore(s => s.FindAsync("cart_race", default)))!;
        first.AddPromotionCode("ONE", new CartLimits());
        first.Touch(_clock.GetUtcNow(), Idle);
        second.AddPromotionCode("TWO", new CartLimits());
        second.Touch(_clock.GetUtcNow(), Idle);

        Assert.True(await WithStore(s => s.TryReplaceAsync(first, 1, default)));
        Assert.False(await WithStore(s => s.TryReplaceAsync(second, 1, default)));

        var stored = (await WithStore(s => s.FindAsync("cart_race", default)))!;
        Assert.Equal(["ONE"], stored.PromotionCodes);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task a_merge_writes_both_carts_or_neither()
    {
        await WithStore(async s => { await s.AddAsync(NewCart("cart_t"), default); await s.AddAsync(NewCart("cart_s"), default); return 0; });
        var target = (await WithStore(s => s.FindAsync("cart_t", default)))!;
        var source = (await WithStore(s => s.FindAsync("cart_s", default)))!;
        target.MergeFrom(source, new CartLimits());

        Assert.False(await WithStore(s => s.TryReplaceBothAsync(target, 1, source, 7, default)));
        Assert.Equal(CartStatus.Active, (await WithStore(s => s.FindAsync("cart_s", default)))!.Status);
        Assert.True(await WithStore(s => s.TryReplaceBothAsync(target, 1, source, 1, default)));
        Assert.Equal(CartStatus.Merged, (await WithStore(s => s.FindAsync("cart_s", default)))!.Status);
    }

    [Fact]
    public async Task converting_needs_the_current_version_and_happens_once()
    {
        await WithStore(async s => { await s.AddAsync(NewCart("cart_conv"), default); return 0; });

        Assert.False(await WithStore(s => s.MarkConvertedAsync("cart_conv", 2, "ord_1", _clock.GetUtcNow(), null, default)));
        Assert.True(await WithStore(s => s.MarkConvertedAsync("cart_conv", 1, "ord_1", _clock.GetUtcNow(), null, default)));
        Assert.False(await WithStore(s => s.MarkConvertedAsync("cart_conv", 2, "ord_2", _clock.GetUtcNow(), null, default)));

        var stored = (await WithStore(s => s.FindAsync("cart_conv", default)))!;
        Assert.Equal(CartStatus.Converted, stored.Status);
        Assert.Equal("ord_1", stored.OrderId);
    }

    [Fact]
    public async Task the_sweep_deletes_only_carts_whose_idle_time_has_passed()
    {
        await WithStore(async s => { await s.AddAsync(NewCart("cart_old"), default); return 0; });
        _clock.Advance(TimeSpan.FromDays(3));
        await WithStore(async s => { await s.AddAsync(NewCart("cart_new"), default); return 0; });
        var sweep = new ExpireCarts(_services.GetRequiredService<IServiceScopeFactory>(), _clock,
            Options.Create(new CartsOptions()), NullLogger<ExpireCarts>.Instance);

        Assert.Equal(0, await sweep.SweepAsync(default));
        _clock.Advance(TimeSpan.FromDays(4));

        Assert.Equal(1, await sweep.SweepAsync(default));
        Assert.Null(await WithStore(s => s.FindAsync("cart_old", default)));
        Assert.NotNull(await WithStore(s => s.FindAsync("cart_new", default)));
    }
}
