using System.Net;

using Meridian.Pricing.Contracts;
using Meridian.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Pricing;

[Collection(ServerCollection.Name)]
public sealed class PricingAdminTests(MeridianApp app)
{
    private static string UniqueCode() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    [Fact]
    public async Task an_admin_creates_a_promotion_and_finds_it_in_the_list()
    {
        var code = UniqueCode();

        var created = await (await app.Admin().PostJson("/v1/admin/pricing/promotions", new
        {
            name = "Spring 15",
            kind = "percent_off_items",
            code = code.ToLowerInvariant(),
            percentBasisPoints = 1500,
            categories = new[] { "shirts" },
            usageLimit = 100,
        })).ShouldBe(HttpStatusCode.Created);
        var list = await (await app.Admin().GetAsync("/v1/admin/pricing/promotions")).ShouldBe(HttpStatusCode.OK);

        Assert.StartsWith("promo_", created.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(code, created.GetProperty("code").GetString());
        Assert.Contains(list.GetProperty("items").EnumerateArray(), p => p.GetProperty("code").GetString() == code && p.GetProperty("used").GetInt32() == 0);
    }

    [Fact]
    public async Task a_duplicate_code_is_409()
    {
        var body = new { name = "Twice", kind = "free_shipping", code = UniqueCode() };
        await (await app.Admin().PostJson("/v1/admin/pricing/promotions", body)).ShouldBe(HttpStatusCode.Created);

        await (await app.Admin().PostJson("/v1/admin/pricing/promotions", body)).ShouldBeProblem(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, string> InvalidPromotions() => new()
    {
        { """{"name":"x","kind":"half_price"}""", "kind" },
        { """{"name":"","kind":"free_shipping"}""", "name" },
        { """{"name":"x","kind":"percent_off_order","percentBasisPoints":0}""", "percentBasisPoints" },
        { """{"name":"x","kind":"percent_off_order","percentBasisPoints":10001}""", "percentBasisPoints" },
        { """{"name":"x","kind":"fixed_off_order","amount":500}""", "currency" },
        { """{"name":"x","kind":"fixed_off_order","amount":-5,"currency":"EUR"}""", "amount" },
        { """{"name":"x","kind":"free_shipping","code":"a b"}""", "code" },
        { """{"name":"x","kind":"percent_off_order","percentBasisPoints":100,"categories":["shirts"]}""", "kind" },
        { """{"name":"x","kind":"fixed_off_items","amount":100,"currency":"EUR","categories":["Not A Handle"]}""", "categories" },
        { """{"name":"x","kind":"buy_x_get_y","buyQuantity":0,"getQuantity":1}""", "buyQuantity" },
        { """{"name":"x","kind":"free_shipping","startsAt":"2026-02-01T00:00:00Z","endsAt":"2026-01-01T00:00:00Z"}""", "endsAt" },
        { """{"name":"x","kind":"free_shipping","usageLimit":0}""", "usageLimit" },
        { """{"name":"x","kind":"free_shipping","discount":5}""", "discount" },
    };

    [Theory]
    [MemberData(nameof(InvalidPromotions))]
    public async Task an_invalid_promotion_is_400_naming_the_field(string body, string field) =>
        await (await app.Admin().PostRaw("/v1/admin/pricing/promotions", body)).ShouldBeInvalid(field);

    [Fact]
    public async Task a_publishable_key_cannot_read_or_write_pricing_admin()
    {
        var shop = app.Client(MeridianApp.WebKey);

        await (await shop.PostJson("/v1/admin/pricing/promotions", new { name = "x", kind = "free_shipping" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await shop.GetAsync("/v1/admin/pricing/tax-rates")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await shop.PostJson("/v1/admin/pricing/shipping-methods", new { })).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_read_scoped_key_lists_but_cannot_create()
    {
        var issued = await (await app.Admin().PostJson("/v1/admin/api-keys", new { name = "pricing reader", kind = "secret", scopes = new[] { "pricing:read" } }))
            .ShouldBe(HttpStatusCode.Created);
        var reader = app.Client(issued.GetProperty("key").GetString());

        await (await reader.GetAsync("/v1/admin/pricing/promotions")).ShouldBe(HttpStatusCode.OK);
        await (await reader.PostJson("/v1/admin/pricing/tax-rates", new { country = "PT", taxClass = "standard", rateBasisPoints = 2300 })).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task the_demo_store_has_german_vat_and_a_duplicate_rate_is_409()
    {
        var rates = await (await app.Admin().GetAsync("/v1/admin/pricing/tax-rates?country=DE")).ShouldBe(HttpStatusCode.OK);

        Assert.Contains(rates.GetProperty("items").EnumerateArray(), r => r.GetProperty("taxClass").GetString() == "standard" && r.GetProperty("rateBasisPoints").GetInt32() == 1900);
        await (await app.Admin().PostJson("/v1/admin/pricing/tax-rates", new { country = "DE", taxClass = "standard", rateBasisPoints = 1600 })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await app.Admin().PostJson("/v1/admin/pricing/tax-rates", new { country = "de", taxClass = "standard", rateBasisPoints = 1600 })).ShouldBeInvalid("country");
        await (await app.Admin().PostJson("/v1/admin/pricing/tax-rates", new { country = "DE", taxClass = "standard", rateBasisPoints = 10001 })).ShouldBeInvalid("rateBasisPoints");
    }

    [Fact]
    public async Task a_new_zone_and_method_are_offered_to_shoppers_of_that_country()
    {
        var zone = HttpAssertions.Unique("nordics");
        await (await app.Admin().PostJson("/v1/admin/pricing/shipping-zones", new { code = zone, name = "Nordics", countries = new[] { "SE", "NO" } }))
            .ShouldBe(HttpStatusCode.Created);
        await (await app.Admin().PostJson("/v1/admin/pricing/shipping-methods", new
        {
            code = "pickup",
            name = "Pick-up point",
            zone,
            currency = "SEK",
            basis = "weight",
            bands = new[] { new { upTo = 5000L, amount = 4900L }, new { upTo = 20000L, amount = 9900L } },
            freeAbove = 50000L,
        })).ShouldBe(HttpStatusCode.Created);

        var light = await (await app.Client().GetAsync("/v1/shipping-methods?country=SE&currency=SEK&weightGrams=6000")).ShouldBe(HttpStatusCode.OK);
        var free = await (await app.Client().GetAsync("/v1/shipping-methods?country=SE&currency=SEK&subtotal=50000")).ShouldBe(HttpStatusCode.OK);
        var tooHeavy = await (await app.Client().GetAsync("/v1/shipping-methods?country=SE&currency=SEK&weightGrams=20001")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(9900, light.EnumerateArray().Single(o => o.GetProperty("code").GetString() == "pickup").GetProperty("amount").GetInt64());
        Assert.Equal(0, free.EnumerateArray().Single(o => o.GetProperty("code").GetString() == "pickup").GetProperty("amount").GetInt64());
        Assert.DoesNotContain(tooHeavy.EnumerateArray(), o => o.GetProperty("code").GetString() == "pickup");
    }

    [Fact]
    public async Task a_method_for_an_unknown_zone_or_without_bands_is_400()
    {
        await (await app.Admin().PostJson("/v1/admin/pricing/shipping-methods", new { code = "x", name = "X", zone = "atlantis", currency = "EUR", basis = "weight", bands = new[] { new { upTo = 1L, amount = 1L } } }))
            .ShouldBeInvalid("zone");
        await (await app.Admin().PostJson("/v1/admin/pricing/shipping-methods", new { code = "x", name = "X", zone = "eu", currency = "EUR", basis = "weight", bands = Array.Empty<object>() }))
            .ShouldBeInvalid("bands");
        await (await app.Admin().PostJson("/v1/admin/pricing/shipping-methods", new { code = "standard", name = "X", zone = "eu", currency = "EUR", basis = "weight", bands = new[] { new { upTo = 1L, amount = 1L } } }))
            .ShouldBeProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task shoppers_see_the_demo_methods_for_germany_and_a_bad_query_is_400()
    {
        var options = await (await app.Client().GetAsync("/v1/shipping-methods?country=DE&currency=EUR")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["standard", "express"], options.EnumerateArray().Select(o => o.GetProperty("code").GetString()));
        await (await app.Client().GetAsync("/v1/shipping-methods?country=Germany&currency=EUR")).ShouldBeInvalid("country");
        await (await app.Client().GetAsync("/v1/shipping-methods?country=DE&currency=EUR&sort=price")).ShouldBeInvalid("sort");
    }

    [Fact]
    public async Task the_calculator_prices_a_demo_cart_with_seeded_codes_in_process()
    {
        using var scope = app.Services.CreateScope();
        var calculator = scope.ServiceProvider.GetRequiredService<IPricingCalculator>();
        var request = new PricingRequest("EUR",
            [new PricingLine("1", "oxford-shirt", "OX-1", 5500, 1, ["shirts", "tops", "clothing"], WeightGrams: 300)],
            ShipToCountry: "FR", PromotionCodes: ["shirts5", "FREESHIP"], ShippingMethod: "standard");

        var result = await calculator.PriceAsync(request, CancellationToken.None);

        // 55.00 − 5.00 off the shirt = 50.00, French VAT 20 % included (8.33); standard shipping 4.95, made free.
        Assert.Equal(500, result.Lines[0].Discount);
        Assert.Equal(5000, result.Lines[0].Total);
        Assert.Equal(833, result.Lines[0].Tax);
        Assert.Equal(495, result.Shipping!.Discount);
        Assert.Equal(5000, result.GrandTotal);
        Assert.Empty(result.RejectedCodes);
    }
}
