using Meridian.Pricing.Data;
using Meridian.Pricing.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Pricing.Features.ManagePromotions;

/// <summary>A promotion as admins write it. Amounts are minor units of <see cref="Currency"/>; percentages are basis points.</summary>
internal sealed record PromotionInput(
    string Name,
    string Kind,
    string? Code = null,
    int? PercentBasisPoints = null,
    long? Amount = null,
    string? Currency = null,
    long? MinSubtotal = null,
    IReadOnlyList<string>? Products = null,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? Brands = null,
    int? BuyQuantity = null,
    int? GetQuantity = null,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null,
    int? UsageLimit = null,
    int? PerCustomerLimit = null,
    bool Combinable = true,
    int Priority = 0);

internal sealed record PromotionResponse(
    string Id,
    string? Code,
    string Name,
    string Kind,
    int PercentBasisPoints,
    long Amount,
    string? Currency,
    long MinSubtotal,
    IReadOnlyList<string> Products,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Brands,
    int BuyQuantity,
    int GetQuantity,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    int? UsageLimit,
    int? PerCustomerLimit,
    int Used,
    bool Combinable,
    int Priority);

/// <summary>Admin list and creation of promotions: codes and automatic ones.</summary>
internal static class PromotionAdminEndpoints
{
    private const int MaxTargets = 100;

    public static readonly IReadOnlyDictionary<string, PromotionKind> Kinds = new Dictionary<string, PromotionKind>(StringComparer.Ordinal)
    {
        ["percent_off_order"] = PromotionKind.PercentOffOrder,
        ["fixed_off_order"] = PromotionKind.FixedOffOrder,
        ["percent_off_items"] = PromotionKind.PercentOffItems,
        ["fixed_off_items"] = PromotionKind.FixedOffItems,
        ["free_shipping"] = PromotionKind.FreeShipping,
        ["buy_x_get_y"] = PromotionKind.BuyXGetY,
    };

    public static void MapPromotionAdmin(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/promotions", List).RequireAuthorization(Policies.Admin(Scopes.PricingRead))
            .WithName("ListPromotions").WithSummary("Lists promotions with their usage.").WithTags("Pricing admin");
        admin.MapPost("/promotions", Create).RequireAuthorization(Policies.Admin(Scopes.PricingWrite))
            .WithName("CreatePromotion").WithSummary("Creates a promotion; without a code it applies automatically.").WithTags("Pricing admin");
    }

    private static async Task<Ok<Page<PromotionResponse>>> List(PricingDbContext db, CancellationToken cancellationToken)
    {
        var promotions = await db.Promotions.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<PromotionResponse>(promotions.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).Select(ToResponse).ToList(), null));
    }

    private static async Task<Results<Created<PromotionResponse>, ValidationProblem, ProblemHttpResult>> Create(
        PromotionInput input, PricingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = Validate(input, out var kind);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var code = input.Code is null ? null : Promotion.NormalizeCode(input.Code);
        if (code is not null && await db.Promotions.AnyAsync(p => p.Code == code, cancellationToken))
        {
            return Problems.Conflict($"A promotion with code '{code}' exists.");
        }
        var promotion = new Promotion
        {
            Id = Ids.New("promo"),
            Code = code,
            Name = input.Name.Trim(),
            Kind = kind,
            PercentBasisPoints = input.PercentBasisPoints ?? 0,
            Amount = input.Amount ?? 0,
            Currency = input.Currency,
            MinSubtotal = input.MinSubtotal ?? 0,
            ProductHandles = [.. input.Products ?? []],
            CategoryHandles = [.. input.Categories ?? []],
            BrandHandles = [.. input.Brands ?? []],
            BuyQuantity = input.BuyQuantity ?? 0,
            GetQuantity = input.GetQuantity ?? 0,
            StartsAt = input.StartsAt,
            EndsAt = input.EndsAt,
            UsageLimit = input.UsageLimit,
            PerCustomerLimit = input.PerCustomerLimit,
            Combinable = input.Combinable,
            Priority = input.Priority,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Promotions.Add(promotion);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two admins racing for one code: the unique index decides, and the loser is told so.
            return Problems.Conflict($"A promotion with code '{code}' exists.");
        }
        return TypedResults.Created($"/v1/admin/pricing/promotions/{promotion.Id}", ToResponse(promotion));
    }

    private static Validation Validate(PromotionInput input, out PromotionKind kind)
    {
        var validation = new Validation().Required(input.Name, "name");
        if (!Kinds.TryGetValue(input.Kind, out kind))
        {
            validation.Add("kind", $"One of {string.Join(", ", Kinds.Keys)}.");
            return validation;
        }
        if (input.Code is not null)
        {
            var code = Promotion.NormalizeCode(input.Code);
            validation.When(code.Length is < 3 or > 32 || !code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '_'),
                "code", "3 to 32 letters, digits, hyphens or underscores.");
        }
        var percent = kind is PromotionKind.PercentOffOrder or PromotionKind.PercentOffItems;
        var fixedAmount = kind is PromotionKind.FixedOffOrder or PromotionKind.FixedOffItems;
        validation.When(percent && input.PercentBasisPoints is not (>= 1 and <= 10_000), "percentBasisPoints", "Between 1 and 10000 (100 %).");
        validation.When(!percent && input.PercentBasisPoints is not null, "percentBasisPoints", "Only for percentage kinds.");
        validation.When(fixedAmount && input.Amount is not (>= 1 and <= 100_000_000_000), "amount", "Between 1 and 100000000000 minor units.");
        validation.When(!fixedAmount && input.Amount is not null, "amount", "Only for fixed-amount kinds.");
        validation.When(input.MinSubtotal is < 0, "minSubtotal", "Zero or more minor units.");
        validation.When(input.Currency is not null && !Money.IsSupportedCurrency(input.Currency), "currency", "A supported upper-case ISO 4217 code.");
        validation.When(input.Currency is null && (fixedAmount || input.MinSubtotal is > 0), "currency", "Required with an amount or a minimum subtotal.");
        var targets = (input.Products?.Count ?? 0) + (input.Categories?.Count ?? 0) + (input.Brands?.Count ?? 0);
        var itemLevel = kind is PromotionKind.PercentOffItems or PromotionKind.FixedOffItems or PromotionKind.BuyXGetY;
        validation.When(!itemLevel && targets > 0, "kind", "Only item promotions take products, categories or brands.");
        foreach (var (field, handles) in new[] { ("products", input.Products), ("categories", input.Categories), ("brands", input.Brands) })
        {
            validation.When(handles is { Count: > MaxTargets }, field, $"At most {MaxTargets} handles.");
            validation.When(handles?.Any(h => !Handles.IsValid(h)) == true, field, Handles.Rule);
        }
        var buyGet = kind == PromotionKind.BuyXGetY;
        validation.When(buyGet && input.BuyQuantity is not (>= 1 and <= 1000), "buyQuantity", "Between 1 and 1000.");
        validation.When(buyGet && input.GetQuantity is not (>= 1 and <= 1000), "getQuantity", "Between 1 and 1000.");
        validation.When(!buyGet && (input.BuyQuantity is not null || input.GetQuantity is not null), "buyQuantity", "Only for buy_x_get_y.");
        validation.When(input.StartsAt is { } starts && input.EndsAt is { } ends && ends <= starts, "endsAt", "After startsAt.");
        validation.When(input.UsageLimit is < 1, "usageLimit", "1 or more, or absent for no limit.");
        validation.When(input.PerCustomerLimit is < 1, "perCustomerLimit", "1 or more, or absent for no limit.");
        return validation;
    }

    private static PromotionResponse ToResponse(Promotion p) => new(
        p.Id, p.Code, p.Name, Kinds.Single(k => k.Value == p.Kind).Key, p.PercentBasisPoints, p.Amount, p.Currency, p.MinSubtotal,
        p.ProductHandles, p.CategoryHandles, p.BrandHandles, p.BuyQuantity, p.GetQuantity, p.StartsAt, p.EndsAt,
        p.UsageLimit, p.PerCustomerLimit, p.Used, p.Combinable, p.Priority);
}
