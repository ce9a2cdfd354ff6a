using Meridian.Pricing.Contracts;
using Meridian.Pricing.Domain;

using static Meridian.Pricing.Tests.Carts;

namespace Meridian.Pricing.Tests;

public sealed class PromotionTests
{
    private static PricingRequest Cart(IReadOnlyList<PricingLine> lines, params string[] codes) =>
        new("EUR", lines, ShipToCountry: "DE", PromotionCodes: codes, ShippingMethod: "standard");

    [Fact]
    public async Task ten_percent_off_the_order_is_spread_across_lines_to_the_cent()
    {
        var welcome = Promo(PromotionKind.PercentOffOrder, "WELCOME10", percent: 1000);

        var result = await Price(Cart([Line("a", 3333), Line("b", 3333), Line("c", 3334)], "welcome10"), [welcome]);

        Assert.Equal(1000, result.AppliedPromotions.Single().Amount);
        Assert.Equal("WELCOME10", result.AppliedPromotions.Single().Code);
        Assert.Equal([333, 333, 334], result.Lines.Select(l => l.Discount));
        Assert.Equal(9000 + 495, result.GrandTotal);
        AssertAddsUp(result);
    }

    [Fact]
    public async Task a_fixed_amount_off_the_order_never_exceeds_the_order()
    {
        var big = Promo(PromotionKind.FixedOffOrder, "BIG", amount: 50_000, currency: "EUR");

        var result = await Price(Cart([Line("a", 1000), Line("b", 3000)], "BIG"), [big]);

        Assert.Equal(4000, result.AppliedPromotions.Single().Amount);
        Assert.All(result.Lines, l => Assert.Equal(0, l.Total));
        Assert.Equal(495, result.GrandTotal);
        AssertAddsUp(result);
    }

    [Fact]
    public async Task a_fixed_amount_off_items_applies_per_matching_unit_and_only_to_the_category()
    {
        var shirts = Promo(PromotionKind.FixedOffItems, "SHIRTS5", amount: 500, currency: "EUR", categories: "shirts");

        var result = await Price(Cart([Line("shirt", 5500, quantity: 2, category: "shirts"), Line("mug", 1200, category: "kitchen")], "SHIRTS5"), [shirts]);

        Assert.Equal(1000, result.Lines[0].Discount);
        Assert.Equal(0, result.Lines[1].Discount);
        AssertAddsUp(result);
    }

    [Fact]
    public async Task a_percentage_off_items_matches_ancestor_categories_and_brands()
    {
        var tops = Promo(PromotionKind.PercentOffItems, percent: 2000, categories: "root");
        tops.BrandHandles = ["nordwind"];
        tops.CategoryHandles = [];
        var result = await Price(Cart([Line("a", 1000, brand: "nordwind"), Line("b", 1000, brand: "other")]), [tops]);

        Assert.Equal([200, 0], result.Lines.Select(l => l.Discount));
        Assert.Null(result.AppliedPromotions.Single().Code);
    }

    [Fact]
    public async Task an_item_code_with_no_matching_line_is_rejected()
    {
        var shirts = Promo(PromotionKind.FixedOffItems, "SHIRTS5", amount: 500, currency: "EUR", categories: "shirts");

        var result = await Price(Cart([Line("mug", 1200, category: "kitchen")], "SHIRTS5"), [shirts]);

        Assert.Equal(new RejectedCode("SHIRTS5", PromotionRejection.NoMatchingItems), result.RejectedCodes.Single());
        Assert.Empty(result.AppliedPromotions);
    }

    [Fact]
    public async Task free_shipping_takes_off_the_chosen_methods_price()
    {
        var freeShip = Promo(PromotionKind.FreeShipping, "FREESHIP");

        var result = await Price(Cart([Line("a", 2000)], "FREESHIP"), [freeShip]);

        Assert.Equal(495, result.Shipping!.Discount);
        Assert.Equal(0, result.Shipping.Total);
        Assert.Equal(495, result.AppliedPromotions.Single().Amount);
        Assert.Equal(2000, result.GrandTotal);
        AssertAddsUp(result);
    }

    [Fact]
    public async Task buy_two_get_one_makes_the_cheapest_unit_free()
    {
        var threeForTwo = Promo(PromotionKind.BuyXGetY, "3FOR2", categories: "t-shirts");
        threeForTwo.BuyQuantity = 2;
        threeForTwo.GetQuantity = 1;

        var result = await Price(Cart([Line("tee", 2500, quantity: 2, category: "t-shirts"), Line("henley", 1900, category: "t-shirts"), Line("cap", 900)], "3FOR2"), [threeForTwo]);

        Assert.Equal([0, 1900, 0], result.Lines.Select(l => l.Discount));
        AssertAddsUp(result);
    }

    [Fact]
    public async Task buy_two_get_one_with_six_units_frees_the_two_cheapest()
    {
        var threeForTwo = Promo(PromotionKind.BuyXGetY, "3FOR2", categories: "t-shirts");
        threeForTwo.BuyQuantity = 2;
        threeForTwo.GetQuantity = 1;

        var result = await Price(Cart([Line("tee", 2500, quantity: 5, category: "t-shirts"), Line("cheap", 1000, category: "t-shirts")], "3FOR2"), [threeForTwo]);

        Assert.Equal([2500, 1000], result.Lines.Select(l => l.Discount));
    }

    [Fact]
    public async Task a_minimum_subtotal_is_checked_before_discounts()
    {
        var welcome = Promo(PromotionKind.PercentOffOrder, "WELCOME10", percent: 1000, currency: "EUR");
        welcome.MinSubtotal = 5000;

        var under = await Price(Cart([Line("a", 4999)], "WELCOME10"), [welcome]);
        var at = await Price(Cart([Line("a", 5000)], "WELCOME10"), [welcome]);

        Assert.Equal(PromotionRejection.MinimumNotMet, under.RejectedCodes.Single().Reason);
        Assert.Equal(500, at.AppliedPromotions.Single().Amount);
    }

    [Fact]
    public async Task dates_bound_a_promotion_start_inclusive_end_exclusive()
    {
        var summer = Promo(PromotionKind.PercentOffOrder, "SUMMER", percent: 1000);
        summer.StartsAt = Now;
        summer.EndsAt = Now.AddDays(7);
        var cart = Cart([Line("a", 1000)], "SUMMER");

        Assert.Equal(PromotionRejection.NotYetActive, (await Price(cart, [summer], now: Now.AddTicks(-1))).RejectedCodes.Single().Reason);
        Assert.Single((await Price(cart, [summer], now: Now)).AppliedPromotions);
        Assert.Equal(PromotionRejection.Expired, (await Price(cart, [summer], now: Now.AddDays(7))).RejectedCodes.Single().Reason);
    }

    [Fact]
    public async Task an_unknown_code_or_one_in_another_currency_is_rejected_with_its_reason()
    {
        var euros = Promo(PromotionKind.FixedOffOrder, "FIVE", amount: 500, currency: "EUR");

        var result = await Price(new PricingRequest("GBP", [Line("a", 1000)], PromotionCodes: ["five", "NOPE"]), [euros]);

        Assert.Equal(
            [new RejectedCode("FIVE", PromotionRejection.WrongCurrency), new RejectedCode("NOPE", PromotionRejection.Unknown)],
            result.RejectedCodes);
    }

    [Fact]
    public async Task usage_limits_reject_an_exhausted_code_and_per_customer_codes_need_a_customer()
    {
        var limited = Promo(PromotionKind.PercentOffOrder, "LIMITED", percent: 1000);
        limited.UsageLimit = 5;
        limited.Used = 5;
        var once = Promo(PromotionKind.PercentOffOrder, "ONCE", percent: 1000);
        once.PerCustomerLimit = 1;

        var guest = await Price(Cart([Line("a", 1000)], "LIMITED", "ONCE"), [limited, once]);
        var used = await Price(Cart([Line("a", 1000)], "ONCE") with { CustomerId = "cus_1" }, [once], customerUses: new() { [once.Id] = 1 });
        var fresh = await Price(Cart([Line("a", 1000)], "ONCE") with { CustomerId = "cus_1" }, [once]);

        Assert.Equal([PromotionRejection.UsageLimitReached, PromotionRejection.SignInRequired], guest.RejectedCodes.Select(r => r.Reason));
        Assert.Equal(PromotionRejection.UsageLimitReached, used.RejectedCodes.Single().Reason);
        Assert.Single(fresh.AppliedPromotions);
    }

    [Fact]
    public async Task an_exclusive_promotion_of_higher_priority_wins_and_the_other_code_does_not_combine()
    {
        var exclusive = Promo(PromotionKind.PercentOffOrder, "VIP", percent: 3000);
        exclusive.Combinable = false;
        exclusive.Priority = 10;
        var welcome = Promo(PromotionKind.PercentOffOrder, "WELCOME10", percent: 1000);

        var result = await Price(Cart([Line("a", 10000)], "WELCOME10", "VIP"), [exclusive, welcome]);

        Assert.Equal("VIP", result.AppliedPromotions.Single().Code);
        Assert.Equal(new RejectedCode("WELCOME10", PromotionRejection.DoesNotCombine), result.RejectedCodes.Single());
    }

    [Fact]
    public async Task combinable_promotions_stack_with_item_discounts_first()
    {
        var shirts = Promo(PromotionKind.FixedOffItems, "SHIRTS5", amount: 500, currency: "EUR", categories: "shirts");
        var welcome = Promo(PromotionKind.PercentOffOrder, "WELCOME10", percent: 1000);
        var freeShip = Promo(PromotionKind.FreeShipping);

        var result = await Price(Cart([Line("shirt", 5500, category: "shirts"), Line("mug", 1000)], "WELCOME10", "SHIRTS5"), [welcome, shirts, freeShip]);

        // 5 off the shirt first; then 10 % of the remaining 60.00 = 6.00, spread 50:10.
        Assert.Equal(500, result.AppliedPromotions.Single(p => p.Code == "SHIRTS5").Amount);
        Assert.Equal(600, result.AppliedPromotions.Single(p => p.Code == "WELCOME10").Amount);
        Assert.Equal([1000, 100], result.Lines.Select(l => l.Discount));
        Assert.Equal(495, result.Shipping!.Discount);
        Assert.Equal(5400, result.GrandTotal);
        AssertAddsUp(result);
    }

    [Fact]
    public async Task a_yen_discount_splits_into_whole_yen_that_add_up()
    {
        var tenPercent = Promo(PromotionKind.FixedOffOrder, "YEN", amount: 1000, currency: "JPY");

        var result = await Price(new PricingRequest("JPY", [Line("a", 3000), Line("b", 3000), Line("c", 3000)], PromotionCodes: ["YEN"]), [tenPercent]);

        Assert.Equal([334, 333, 333], result.Lines.Select(l => l.Discount));
        Assert.Equal(8000, result.GrandTotal);
        AssertAddsUp(result);
    }

    [Fact]
    public async Task a_discount_lowers_the_tax_of_the_line()
    {
        var half = Promo(PromotionKind.PercentOffOrder, "HALF", percent: 5000);

        var inclusive = await Price(new PricingRequest("EUR", [Line("a", 11900)], ShipToCountry: "DE", PromotionCodes: ["HALF"]), [half]);
        var exclusive = await Price(new PricingRequest("USD", [Line("a", 10000)], ShipToCountry: "US", PromotionCodes: ["HALF"]), [half], pricesIncludeTax: false);

        Assert.Equal(950, inclusive.Lines[0].Tax);
        Assert.Equal(363, exclusive.Lines[0].Tax);
        Assert.Equal(5363, exclusive.GrandTotal);
    }
}
