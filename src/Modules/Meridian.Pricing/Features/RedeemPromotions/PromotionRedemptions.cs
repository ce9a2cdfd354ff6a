using System.Data.Common;
using Meridian.Pricing.Contracts;
using Meridian.Pricing.Data;
using Meridian.Pricing.Domain;
using Meridian.SharedKernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meridian.Pricing.Features.RedeemPromotions;

/// <summary>
/// Claims promotion uses with statements that are atomic on their own, so two checkouts racing for the
/// last use cannot both win, whatever the isolation level:
/// <list type="number">
/// <item><c>INSERT … ON CONFLICT DO NOTHING</c> into redemptions keyed by (promotion, order): a retry of the
/// same order inserts nothing and is treated as already claimed.</item>
/// <item><c>UPDATE promotions SET Used = Used + 1 WHERE Id = @id AND (UsageLimit IS NULL OR Used &lt; UsageLimit)</c>:
/// no row changed means the limit is reached.</item>
/// <item>For a per-customer limit, an upsert on (promotion, customer) whose update is guarded by
/// <c>Used &lt; @limit</c>.</item>
/// </list>
/// Any failure rolls back every claim of the call (a savepoint in the caller's transaction, or its own
/// transaction), so a call claims all or nothing.
/// </summary>
internal sealed class PromotionRedemptions(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PromotionRedemptions> logger) : IPromotionRedemptions
{
    private const string Savepoint = "pricing_redemptions";

    public async Task<RedemptionResult> RedeemAsync(
        string orderId, string? customerId, IReadOnlyCollection<string> promotionIds, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        ArgumentNullException.ThrowIfNull(promotionIds);
        if (promotionIds.Count == 0)
        {
            return new RedemptionResult([]);
        }
        return await InTransactionAsync(transaction, async db =>
        {
            var failures = await ClaimAsync(db, orderId, customerId, promotionIds.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
            foreach (var failure in failures)
            {
                logger.RedemptionRefused(failure.PromotionId, failure.Reason);
            }
            return (failures.Count == 0, new RedemptionResult(failures));
        }, cancellationToken);
    }

    public async Task<int> ReleaseAsync(string orderId, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        return await InTransactionAsync(transaction, async db =>
        {
            var redemptions = await db.Redemptions.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync(cancellationToken);
            var released = 0;
            foreach (var redemption in redemptions)
            {
                var deleted = await db.Database.ExecuteSqlAsync(
                    $"""DELETE FROM "pricing_redemptions" WHERE "PromotionId" = {redemption.PromotionId} AND "OrderId" = {orderId}""", cancellationToken);
                if (deleted == 0)
                {
                    continue;
                }
                released++;
                await db.Database.ExecuteSqlAsync(
                    $"""UPDATE "pricing_promotions" SET "Used" = "Used" - 1 WHERE "Id" = {redemption.PromotionId} AND "Used" > 0""", cancellationToken);
                if (redemption.CustomerId is not null)
                {
                    await db.Database.ExecuteSqlAsync(
                        $"""UPDATE "pricing_customer_usage" SET "Used" = "Used" - 1 WHERE "PromotionId" = {redemption.PromotionId} AND "CustomerId" = {redemption.CustomerId} AND "Used" > 0""",
                        cancellationToken);
                }
            }
            if (released > 0)
            {
                logger.RedemptionsReleased(released);
            }
            return (true, released);
        }, cancellationToken);
    }

    private async Task<List<RedemptionFailure>> ClaimAsync(
        PricingDbContext db, string orderId, string? customerId, IReadOnlyList<string> promotionIds, CancellationToken cancellationToken)
    {
        var limits = await db.Promotions.AsNoTracking().Where(p => promotionIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.PerCustomerLimit, StringComparer.Ordinal, cancellationToken);
        var redeemedAt = ProviderValue(db, clock.GetUtcNow());
        var failures = new List<RedemptionFailure>();
        foreach (var promotionId in promotionIds)
        {
            if (!limits.TryGetValue(promotionId, out var perCustomer))
            {
                failures.Add(new RedemptionFailure(promotionId, PromotionRejection.Unknown));
                continue;
            }
            if (perCustomer is not null && customerId is null)
            {
                failures.Add(new RedemptionFailure(promotionId, PromotionRejection.SignInRequired));
                continue;
            }
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "pricing_redemptions" ("PromotionId", "OrderId", "CustomerId", "RedeemedAt")
                VALUES ({promotionId}, {orderId}, {customerId}, {redeemedAt})
                ON CONFLICT ("PromotionId", "OrderId") DO NOTHING
                """, cancellationToken);
            if (inserted == 0)
            {
                continue;
            }
            var counted = await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE "pricing_promotions" SET "Used" = "Used" + 1
                WHERE "Id" = {promotionId} AND ("UsageLimit" IS NULL OR "Used" < "UsageLimit")
                """, cancellationToken);
            if (counted == 0)
            {
                failures.Add(new RedemptionFailure(promotionId, PromotionRejection.UsageLimitReached));
                continue;
            }
            if (perCustomer is { } limit)
            {
                var claimed = await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO "pricing_customer_usage" ("PromotionId", "CustomerId", "Used") VALUES ({promotionId}, {customerId}, 1)
                    ON CONFLICT ("PromotionId", "CustomerId") DO UPDATE SET "Used" = "pricing_customer_usage"."Used" + 1
                    WHERE "pricing_customer_usage"."Used" < {limit}
                    """, cancellationToken);
                if (claimed == 0)
                {
                    failures.Add(new RedemptionFailure(promotionId, PromotionRejection.UsageLimitReached));
                }
            }
        }
        return failures;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the caller's transaction (inside a savepoint) or in a transaction of
    /// its own; commits when it reports success, rolls back otherwise.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(DbTransaction? transaction, Func<PricingDbContext, Task<(bool Commit, T Result)>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        if (transaction is null)
        {
            await using var own = await db.Database.BeginTransactionAsync(cancellationToken);
            var (commit, result) = await work(db);
            if (commit)
            {
                await own.CommitAsync(cancellationToken);
            }
            else
            {
                await own.RollbackAsync(cancellationToken);
            }
            return result;
        }
        await RegionTransactions.JoinAsync(db, transaction, cancellationToken);
        await transaction.SaveAsync(Savepoint, cancellationToken);
        try
        {
            var (commit, result) = await work(db);
            if (commit)
            {
                await transaction.ReleaseAsync(Savepoint, cancellationToken);
            }
            else
            {
                await transaction.RollbackAsync(Savepoint, cancellationToken);
            }
            return result;
        }
        catch
        {
            await transaction.RollbackAsync(Savepoint, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The value the provider stores for a time, through the model's converter, so raw SQL matches what EF writes.</summary>
    private static object ProviderValue(PricingDbContext db, DateTimeOffset value)
    {
        var property = db.Model.FindEntityType(typeof(Redemption))!.FindProperty(nameof(Redemption.RedeemedAt))!;
        return property.GetTypeMapping().Converter?.ConvertToProvider(value) ?? value;
    }
}
