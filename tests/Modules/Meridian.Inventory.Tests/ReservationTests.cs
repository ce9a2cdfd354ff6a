using Meridian.SharedKernel;
using Microsoft.Data.Sqlite;

namespace Meridian.Inventory.Tests;

public sealed class ReservationTests : IAsyncLifetime
{
    private InventoryHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await InventoryHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static string NewOrder() => Ids.New("ord");

    [Fact]
    public async Task two_hundred_concurrent_reservations_of_one_unit_for_ten_units_let_exactly_ten_succeed()
    {
        var sku = await _host.StockAsync(6, 4);

        var attempts = Enumerable.Range(0, 200).Select(_ => Task.Run(() =>
            _host.WithReservations(r => r.ReserveAsync(NewOrder(), [(sku, 1)], null, TestContext.Current.CancellationToken))));
        var results = await Task.WhenAll(attempts);

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal([sku], r.ShortSkus));
        Assert.Equal((10, 10, 10), await _host.LevelsOf(sku));
    }

    [Fact]
    public async Task a_reservation_spans_locations_in_a_fixed_order_and_is_all_or_nothing()
    {
        var spread = await _host.StockAsync(2, 3);
        var scarce = await _host.StockAsync(1);

        var failed = await _host.WithReservations(r => r.ReserveAsync(NewOrder(), [(spread, 4), (scarce, 2)], null, TestContext.Current.CancellationToken));
        var succeeded = await _host.WithReservations(r => r.ReserveAsync(NewOrder(), [(spread, 4), (scarce, 1)], null, TestContext.Current.CancellationToken));

        Assert.False(failed.Succeeded);
        Assert.Equal([scarce], failed.ShortSkus);
        Assert.True(succeeded.Succeeded);
        Assert.Equal((5, 4, 4), await _host.LevelsOf(spread));
        Assert.Equal((1, 1, 1), await _host.LevelsOf(scarce));
    }

    [Fact]
    public async Task releasing_twice_releases_once()
    {
        var sku = await _host.StockAsync(5);
        var order = NewOrder();
        await _host.WithReservations(r => r.ReserveAsync(order, [(sku, 3)], null, TestContext.Current.CancellationToken));

        var first = await _host.WithReservations(r => r.ReleaseAsync(order, null, TestContext.Current.CancellationToken));
        var second = await _host.WithReservations(r => r.ReleaseAsync(order, null, TestContext.Current.CancellationToken));

        Assert.Equal(3, first);
        Assert.Equal(0, second);
        Assert.Equal((5, 0, 0), await _host.LevelsOf(sku));
    }

    [Fact]
    public async Task reserving_again_for_the_same_order_reserves_nothing_more()
    {
        var sku = await _host.StockAsync(5);
        var order = NewOrder();

        await _host.WithReservations(r => r.ReserveAsync(order, [(sku, 2)], null, TestContext.Current.CancellationToken));
        var again = await _host.WithReservations(r => r.ReserveAsync(order, [(sku, 2)], null, TestContext.Current.CancellationToken));

        Assert.True(again.Succeeded);
        Assert.Equal((5, 2, 2), await _host.LevelsOf(sku));
    }

    [Fact]
    public async Task committing_lowers_on_hand_and_reserved_and_never_more_than_the_order_holds()
    {
        var sku = await _host.StockAsync(2, 2);
        var order = NewOrder();
        await _host.WithReservations(r => r.ReserveAsync(order, [(sku, 3)], null, TestContext.Current.CancellationToken));

        var first = await _host.WithReservations(r => r.CommitAsync(order, [(sku, 2)], null, TestContext.Current.CancellationToken));
        Assert.Equal((2, 1, 1), await _host.LevelsOf(sku));
        var rest = await _host.WithReservations(r => r.CommitAsync(order, [(sku, 5)], null, TestContext.Current.CancellationToken));
        var released = await _host.WithReservations(r => r.ReleaseAsync(order, null, TestContext.Current.CancellationToken));

        Assert.Equal(2, first);
        Assert.Equal(1, rest);
        Assert.Equal(0, released);
        Assert.Equal((1, 0, 0), await _host.LevelsOf(sku));
    }

    [Fact]
    public async Task a_failed_reservation_inside_the_callers_transaction_rolls_back_only_its_savepoint()
    {
        var sku = await _host.StockAsync(3);
        await using var connection = new SqliteConnection(_host.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var kept = NewOrder();

        var ok = await _host.WithReservations(r => r.ReserveAsync(kept, [(sku, 2)], transaction, TestContext.Current.CancellationToken));
        var tooMuch = await _host.WithReservations(r => r.ReserveAsync(NewOrder(), [(sku, 2)], transaction, TestContext.Current.CancellationToken));
        await transaction.CommitAsync(TestContext.Current.CancellationToken);

        Assert.True(ok.Succeeded);
        Assert.False(tooMuch.Succeeded);
        Assert.Equal((3, 2, 2), await _host.LevelsOf(sku));
    }

    [Fact]
    public async Task a_reservation_in_a_transaction_that_rolls_back_leaves_no_trace()
    {
        var sku = await _host.StockAsync(3);
        await using (var connection = new SqliteConnection(_host.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
            var result = await _host.WithReservations(r => r.ReserveAsync(NewOrder(), [(sku, 2)], transaction, TestContext.Current.CancellationToken));
            Assert.True(result.Succeeded);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal((3, 0, 0), await _host.LevelsOf(sku));
    }
}
