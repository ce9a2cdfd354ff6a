using Meridian.Pricing.Contracts;
using Meridian.Pricing.Domain;

using static Meridian.Pricing.Tests.Carts;

namespace Meridian.Pricing.Tests;

/// <summary>
/// Property tests as seeded random loops: thousands of generated carts and promotion sets, each checked
/// against every invariant of <see cref="PricingResult"/>. A failure names its seed, so it replays exactly.
/// </summary>
public sealed class PricingPropertyTests
{
    private const int Cases = 2000;
    private static readonly string[] Categories = ["shirts", "t-shirts", "kitchen", "shoes"];
    private static readonly string[] Currencies = ["EUR", "USD", "JPY"];

    public static TheoryData<bool> TaxModes() => [true, false];

    [Theory]
    [MemberData(nameof(TaxModes))]
    public async Task random_carts_always_add_up_never_go_negative_and_discount_at_most_what_they_discount(bool pricesIncludeTax)
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var (request, promotions) = RandomCart(random);
            PricingResult result;
            try
            {
                result = await Price(request, promotions, pricesIncludeTax,
                    rates: new() { ["DE"] = new() { ["standard"] = random.Next(0, 10_001), ["reduced"] = random.Next(0, 3000) } },
                    shipping: [new ShippingOption("standard", "Standard", random.NextInt64(0, 100_000))]);
                AssertAddsUp(result);
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                Assert.Fail($"Seed {seed} ({(pricesIncludeTax ? "inclusive" : "exclusive")}): {e.Message}");
                throw;
            }
            foreach (var promotion in result.AppliedPromotions)
            {
                var definition = promotions.Single(p => p.Id == promotion.PromotionId);
                if (definition.Kind == PromotionKind.FixedOffOrder)
                {
                    Assert.True(promotion.Amount <= definition.Amount, $"Seed {seed}: fixed promotion took {promotion.Amount} of {definition.Amount}");
                }
            }
            Assert.True(result.Lines.Sum(l => l.Discount) <= result.Subtotal, $"Seed {seed}: discounts exceed the subtotal");
        }
    }

    [Fact]
    public async Task pricing_the_same_cart_twice_gives_the_same_result()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var (request, promotions) = RandomCart(new Random(seed));
            var first = await Price(request, promotions);
            var second = await Price(request, promotions);

            Assert.Equal(first.GrandTotal, second.GrandTotal);
            Assert.Equal(first.Lines.Select(l => (l.Discount, l.Tax, l.Total)), second.Lines.Select(l => (l.Discount, l.Tax, l.Total)));
        }
    }

    private static (PricingRequest Request, List<Promotion> Promotions) RandomCart(Random random)
    {
        var currency = Currencies[random.Next(Currencies.Length)];
        var maxPrice = random.Next(4) switch { 0 => 100L, 1 => 10_000L, 2 => 10_000_000L, _ => PricingLine.MaxUnitPrice };
        var lines = Enumerable.Range(0, random.Next(1, 15)).Select(i => Line(
            $"l{i}",
            random.NextInt64(0, maxPrice + 1),
            quantity: random.Next(4) == 0 ? random.Next(1, PricingLine.MaxQuantity + 1) : random.Next(1, 6),
            category: Categories[random.Next(Categories.Length)],
            brand: random.Next(2) == 0 ? "nordwind" : null,
            taxClass: random.Next(3) == 0 ? "reduced" : "standard")).ToList();
        var promotions = Enumerable.Range(0, random.Next(0, 6)).Select(i => RandomPromotion(random, i, currency)).ToList();
        var codes = promotions.Where(p => p.Code is not null && random.Next(4) != 0).Select(p => p.Code!).Append("UNKNOWN").ToList();
        return (new PricingRequest(currency, lines, "DE", random.Next(2) == 0 ? "cus_1" : null, codes, random.Next(3) == 0 ? null : "standard"), promotions);
    }

    private static Promotion RandomPromotion(Random random, int index, string currency)
    {
        var kind = (PromotionKind)random.Next(Enum.GetValues<PromotionKind>().Length);
        var promotion = new Promotion
        {
            Id = $"promo_{index}",
            Code = random.Next(3) == 0 ? null : $"CODE{index}",
            Name = $"Promotion {index}",
            Kind = kind,
            PercentBasisPoints = random.Next(0, 10_001),
            Amount = random.NextInt64(0, random.Next(2) == 0 ? 10_000 : 100_000_000_000),
            Currency = random.Next(4) == 0 ? "GBP" : currency,
            MinSubtotal = random.Next(3) == 0 ? random.NextInt64(0, 100_000) : 0,
            CategoryHandles = kind is PromotionKind.PercentOffItems or PromotionKind.FixedOffItems or PromotionKind.BuyXGetY && random.Next(3) != 0
                ? [Categories[random.Next(Categories.Length)]] : [],
            BuyQuantity = random.Next(1, 4),
            GetQuantity = random.Next(1, 3),
            Combinable = random.Next(4) != 0,
            Priority = random.Next(3),
            CreatedAt = Now.AddDays(-random.Next(1, 100)),
        };
        return promotion;
    }
}
