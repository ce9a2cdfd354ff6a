using Meridian.Pricing.Contracts;
using Meridian.Pricing.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Modules;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Pricing.Data;

/// <summary>
/// The demo store's tax rates, shipping and promotion codes, the same on every machine. Rates are the
/// 2025 standard and reduced VAT rates; the US row is 0 % because US sales tax depends on the state and a
/// US region runs with <c>Meridian:Pricing:PricesIncludeTax=false</c> and a tax provider instead.
/// </summary>
internal sealed class PricingSeeder(IServiceScopeFactory scopes, IOptions<ServerOptions> options, ILogger<PricingSeeder> logger) : IModuleInitializer
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Country, int Standard, int Reduced)[] VatRates =
    [
        ("DE", 1900, 700), ("FR", 2000, 550), ("NL", 2100, 900), ("IT", 2200, 1000), ("ES", 2100, 1000),
        ("AT", 2000, 1000), ("BE", 2100, 600), ("IE", 2300, 1350), ("GB", 2000, 500), ("US", 0, 0),
    ];

    public int Order => 130;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        if (await db.ShippingZones.AnyAsync(cancellationToken))
        {
            return;
        }
        var random = new Random(4000);
        string NewId(string prefix) => Ids.Deterministic(prefix, Epoch, random);

        var rates = VatRates.SelectMany(v => new[]
        {
            new TaxRate { Id = NewId("tax"), Country = v.Country, TaxClass = TaxClasses.Standard, RateBasisPoints = v.Standard, Name = $"{v.Country} standard" },
            new TaxRate { Id = NewId("tax"), Country = v.Country, TaxClass = TaxClasses.Reduced, RateBasisPoints = v.Reduced, Name = $"{v.Country} reduced" },
        }).ToList();
        var zones = new List<ShippingZone>
        {
            new() { Code = "eu", Name = "European Union", Countries = ["AT", "BE", "DE", "ES", "FR", "IE", "IT", "NL"] },
            new() { Code = "uk", Name = "United Kingdom", Countries = ["GB"] },
            new() { Code = "us", Name = "United States", Countries = ["US"] },
        };
        var methods = new List<ShippingMethod>();
        foreach (var zone in zones)
        {
            foreach (var currency in new[] { "EUR", "GBP", "USD" })
            {
                var far = zone.Code == "eu" ? 0 : 500;
                methods.Add(new ShippingMethod
                {
                    Id = NewId("ship"),
                    Code = "standard",
                    Name = "Standard (3–5 days)",
                    ZoneCode = zone.Code,
                    Currency = currency,
                    Basis = RateBasis.Weight,
                    FreeAbove = 7500,
                    Bands = [new() { UpTo = 2_000, Amount = 495 + far }, new() { UpTo = 10_000, Amount = 995 + far }, new() { UpTo = 30_000, Amount = 1995 + far }],
                });
                methods.Add(new ShippingMethod
                {
                    Id = NewId("ship"),
                    Code = "express",
                    Name = "Express (next day)",
                    ZoneCode = zone.Code,
                    Currency = currency,
                    Basis = RateBasis.Price,
                    Bands = [new() { UpTo = 9_999, Amount = 1495 + far }, new() { UpTo = 49_999, Amount = 1295 + far }, new() { UpTo = long.MaxValue, Amount = 995 + far }],
                });
            }
        }
        var promotions = new List<Promotion>
        {
            new() { Id = NewId("promo"), Code = "WELCOME10", Name = "10 % off your order over 50 €", Kind = PromotionKind.PercentOffOrder, PercentBasisPoints = 1000, Currency = "EUR", MinSubtotal = 5000, PerCustomerLimit = 1, CreatedAt = Epoch },
            new() { Id = NewId("promo"), Code = "FREESHIP", Name = "Free shipping", Kind = PromotionKind.FreeShipping, CreatedAt = Epoch },
            new() { Id = NewId("promo"), Code = "SHIRTS5", Name = "5 € off every shirt", Kind = PromotionKind.FixedOffItems, Amount = 500, Currency = "EUR", CategoryHandles = ["shirts"], CreatedAt = Epoch },
            new() { Id = NewId("promo"), Code = "3FOR2", Name = "3 T-shirts for the price of 2", Kind = PromotionKind.BuyXGetY, BuyQuantity = 2, GetQuantity = 1, CategoryHandles = ["t-shirts"], Combinable = false, Priority = 10, CreatedAt = Epoch },
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.TaxRates.AddRange(rates);
        db.ShippingZones.AddRange(zones);
        db.ShippingMethods.AddRange(methods);
        db.Promotions.AddRange(promotions);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.SeededDemoPricing(rates.Count, methods.Count, promotions.Count);
    }
}
