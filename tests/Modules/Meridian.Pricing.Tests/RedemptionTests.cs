using Meridian.Pricing.Contracts;
using Meridian.Pricing.Data;
using Meridian.Pricing.Domain;
using Meridian.Pricing.Features.RedeemPromotions;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meridian.Pricing.Tests;

/// <summary>
/// Redemption against a real SQLite file with the real migrations: the limits hold when many checkouts
/// race, a retry claims nothing twice, and a release gives uses back.
/// </summary>
public sealed class RedemptionTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "meridian-pricing-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "pricing.db")};Default Timeout=60";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _services = new ServiceCollection()
            .AddDbContext<PricingDbContext>(options => options.UseSqlite(ConnectionString, sqlite => sqlite.MigrationsHistoryTable("__pricing_migrations")))
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private PromotionRedemptions Redemptions() =>
        new(_services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger<PromotionRedemptions>.Instance);

    private async Task<Promotion> AddPromotion(int? usageLimit = null, int? perCustomerLimit = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        var promotion = new Promotion
        {
            Id = "promo_" + Guid.NewGuid().ToString("N"),
            Code = "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            Name = "Test",
            Kind = PromotionKind.PercentOffOrder,
            PercentBasisPoints = 1000,
            UsageLimit = usageLimit,
            PerCustomerLimit = perCustomerLimit,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync();
        return promotion;
    }

    private async Task<int> UsedOf(string promotionId)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        return await db.Promotions.Where(p => p.Id == promotionId).Select(p => p.Used).SingleAsync();
    }

    [Fact]
    public async Task fifty_parallel_checkouts_of_a_code_limited_to_five_yield_exactly_five_redemptions()
    {
        var promotion = await AddPromotion(usageLimit: 5);
        var redemptions = Redemptions();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            redemptions.RedeemAsync($"ord_{i}", $"cus_{i}", [promotion.Id], null, CancellationToken.None))));

        Assert.Equal(5, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(PromotionRejection.UsageLimitReached, r.Failures.Single().Reason));
        Assert.Equal(5, await UsedOf(promotion.Id));
    }

    [Fact]
    public async Task a_customer_racing_with_themselves_gets_their_per_customer_limit_and_no_more()
    {
        var promotion = await AddPromotion(perCustomerLimit: 2);
        var redemptions = Redemptions();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            redemptions.RedeemAsync($"ord_{i}", "cus_same", [promotion.Id], null, CancellationToken.None))));

        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.Equal(2, await UsedOf(promotion.Id));
    }

    [Fact]
    public async Task redeeming_again_for_the_same_order_uses_nothing_more()
    {
        var promotion = await AddPromotion(usageLimit: 1);
        var redemptions = Redemptions();

        var first = await redemptions.RedeemAsync("ord_retry", null, [promotion.Id], null, CancellationToken.None);
        var retry = await redemptions.RedeemAsync("ord_retry", null, [promotion.Id], null, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.True(retry.Succeeded);
        Assert.Equal(1, await UsedOf(promotion.Id));
    }

    [Fact]
    public async Task a_release_gives_the_use_back_once_so_another_order_can_claim_it()
    {
        var promotion = await AddPromotion(usageLimit: 1, perCustomerLimit: 1);
        var redemptions = Redemptions();
        Assert.True((await redemptions.RedeemAsync("ord_failed", "cus_1", [promotion.Id], null, CancellationToken.None)).Succeeded);
        Assert.False((await redemptions.RedeemAsync("ord_other", "cus_1", [promotion.Id], null, CancellationToken.None)).Succeeded);

        Assert.Equal(1, await redemptions.ReleaseAsync("ord_failed", null, CancellationToken.None));
        Assert.Equal(0, await redemptions.ReleaseAsync("ord_failed", null, CancellationToken.None));

        Assert.Equal(0, await UsedOf(promotion.Id));
        Assert.True((await redemptions.RedeemAsync("ord_other", "cus_1", [promotion.Id], null, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task a_claim_is_all_or_nothing()
    {
        var open = await AddPromotion();
        var exhausted = await AddPromotion(usageLimit: 1);
        var redemptions = Redemptions();
        Assert.True((await redemptions.RedeemAsync("ord_first", null, [exhausted.Id], null, CancellationToken.None)).Succeeded);

        var result = await redemptions.RedeemAsync("ord_second", null, [open.Id, exhausted.Id, "promo_missing"], null, CancellationToken.None);

        Assert.Equal(
            [new RedemptionFailure(exhausted.Id, PromotionRejection.UsageLimitReached), new RedemptionFailure("promo_missing", PromotionRejection.Unknown)],
            result.Failures);
        Assert.Equal(0, await UsedOf(open.Id));
    }

    [Fact]
    public async Task a_per_customer_promotion_needs_a_customer()
    {
        var promotion = await AddPromotion(perCustomerLimit: 1);

        var result = await Redemptions().RedeemAsync("ord_guest", null, [promotion.Id], null, CancellationToken.None);

        Assert.Equal(PromotionRejection.SignInRequired, result.Failures.Single().Reason);
    }

    [Fact]
    public async Task in_the_callers_transaction_a_claim_rolls_back_with_the_order()
    {
        var promotion = await AddPromotion(usageLimit: 1);
        var redemptions = Redemptions();
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            Assert.True((await redemptions.RedeemAsync("ord_rolled_back", null, [promotion.Id], transaction, CancellationToken.None)).Succeeded);
            await transaction.RollbackAsync();
        }
        Assert.Equal(0, await UsedOf(promotion.Id));

        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            Assert.True((await redemptions.RedeemAsync("ord_committed", null, [promotion.Id], transaction, CancellationToken.None)).Succeeded);
            await transaction.CommitAsync();
        }
        Assert.Equal(1, await UsedOf(promotion.Id));
    }
}
