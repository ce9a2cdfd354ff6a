using Meridian.Pricing.Contracts;

using Microsoft.Extensions.Logging;

namespace Meridian.Pricing;

/// <summary>The pricing module's log messages; event ids 4000–4099. Never a customer id, email or address.</summary>
internal static partial class PricingLog
{
    [LoggerMessage(4000, LogLevel.Information, "Seeded demo pricing: {TaxRateCount} tax rates, {MethodCount} shipping methods, {PromotionCount} promotions")]
    public static partial void SeededDemoPricing(this ILogger logger, int taxRateCount, int methodCount, int promotionCount);

    [LoggerMessage(4001, LogLevel.Information, "Refused to redeem promotion {PromotionId}: {Reason}")]
    public static partial void RedemptionRefused(this ILogger logger, string promotionId, PromotionRejection reason);

    [LoggerMessage(4002, LogLevel.Information, "Released {Count} promotion redemptions")]
    public static partial void RedemptionsReleased(this ILogger logger, int count);
}
