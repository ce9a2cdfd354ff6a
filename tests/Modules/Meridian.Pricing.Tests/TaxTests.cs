using Meridian.Pricing.Contracts;

using static Meridian.Pricing.Tests.Carts;

namespace Meridian.Pricing.Tests;

public sealed class TaxTests
{
    [Fact]
    public async Task a_gross_price_of_119_euros_in_germany_holds_19_euros_of_vat()
    {
        var result = await Price(new PricingRequest("EUR", [Line("a", 11900)], ShipToCountry: "DE"));

        Assert.True(result.PricesIncludeTax);
        Assert.Equal(1900, result.Lines[0].Tax);
        Assert.Equal(11900, result.Lines[0].Total);
        Assert.Equal(11900, result.GrandTotal);
        Assert.Equal(1900, result.TaxTotal);
    }

    [Fact]
    public async Task us_style_prices_add_tax_on_top()
    {
        var result = await Price(new PricingRequest("USD", [Line("a", 10000)], ShipToCountry: "US"), pricesIncludeTax: false);

        Assert.False(result.PricesIncludeTax);
        Assert.Equal(725, result.Lines[0].Tax);
        Assert.Equal(10725, result.Lines[0].Total);
        Assert.Equal(10725, result.GrandTotal);
    }

    [Fact]
    public async Task a_reduced_class_uses_the_reduced_rate_and_an_unknown_class_the_standard_rate()
    {
        var result = await Price(new PricingRequest("EUR", [Line("book", 10700, taxClass: "reduced"), Line("gadget", 11900, taxClass: "luxury")], ShipToCountry: "DE"));

        Assert.Equal(700, result.Lines[0].Tax);
        Assert.Equal(700, result.Lines[0].TaxRateBasisPoints);
        Assert.Equal(1900, result.Lines[1].Tax);
    }

    [Fact]
    public async Task tax_is_rounded_per_line_so_each_line_stands_on_its_own()
    {
        // 0.99 gross at 19 % holds 0.158 of VAT: 0.16 per line. Once per order, three lines would hold 0.47, not 0.48.
        var result = await Price(new PricingRequest("EUR", [Line("a", 99), Line("b", 99), Line("c", 99)], ShipToCountry: "DE"));

        Assert.All(result.Lines, l => Assert.Equal(16, l.Tax));
        Assert.Equal(48, result.TaxTotal);
        Assert.Equal(297, result.GrandTotal);
        AssertAddsUp(result);
    }

    [Fact]
    public async Task without_an_address_tax_is_estimated_for_the_origin_country_and_no_shipping_is_priced()
    {
        var result = await Price(new PricingRequest("EUR", [Line("a", 11900)], ShippingMethod: "standard"));

        Assert.Equal(1900, result.Lines[0].Tax);
        Assert.Null(result.Shipping);
        Assert.Empty(result.ShippingOptions);
    }

    [Fact]
    public async Task shipping_is_taxed_at_the_destinations_standard_rate_and_counts_in_the_grand_total()
    {
        var inclusive = await Price(new PricingRequest("EUR", [Line("a", 1000)], ShipToCountry: "DE", ShippingMethod: "express"),
            shipping: [new ShippingOption("express", "Express", 1190)]);
        var exclusive = await Price(new PricingRequest("USD", [Line("a", 1000)], ShipToCountry: "US", ShippingMethod: "express"),
            pricesIncludeTax: false, shipping: [new ShippingOption("express", "Express", 1000)]);

        Assert.Equal(190, inclusive.Shipping!.Tax);
        Assert.Equal(2190, inclusive.GrandTotal);
        Assert.Equal(73, exclusive.Shipping!.Tax);
        Assert.Equal(1073 + 1073, exclusive.GrandTotal);
        AssertAddsUp(inclusive);
        AssertAddsUp(exclusive);
    }

    [Fact]
    public async Task a_yen_cart_is_priced_in_whole_yen()
    {
        var result = await Price(new PricingRequest("JPY", [Line("a", 1100, quantity: 3)], ShipToCountry: "JP"),
            rates: new() { ["JP"] = new() { ["standard"] = 1000 } });

        Assert.Equal("JPY", result.Currency);
        Assert.Equal(300, result.Lines[0].Tax);
        Assert.Equal(3300, result.GrandTotal);
    }

    [Fact]
    public async Task a_request_outside_the_limits_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Price(new PricingRequest("XXX", [Line("a", 100)])));
        await Assert.ThrowsAsync<ArgumentException>(() => Price(new PricingRequest("EUR", [Line("a", 100, quantity: 0)])));
        await Assert.ThrowsAsync<ArgumentException>(() => Price(new PricingRequest("EUR", [Line("a", -1)])));
    }
}
