using Meridian.Catalog.Data;

namespace Meridian.Catalog.Tests;

public sealed class DemoCatalogTests
{
    [Fact]
    public void the_demo_catalog_is_the_same_on_every_run()
    {
        var first = new DemoCatalog().Products(0, 50).Select(p => (p.Id, p.Handle, p.Variants.Count, p.Variants[0].Sku)).ToList();
        var second = new DemoCatalog().Products(0, 50).Select(p => (p.Id, p.Handle, p.Variants.Count, p.Variants[0].Sku)).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void a_product_does_not_depend_on_the_batch_it_was_generated_in()
    {
        var whole = new DemoCatalog().Products(0, 20).Last();
        var alone = new DemoCatalog().Products(19, 20).Single();
        Assert.Equal(whole.Id, alone.Id);
    }

    [Fact]
    public void handles_and_skus_are_unique_across_a_large_catalog()
    {
        var products = new DemoCatalog().Products(0, 5000).ToList();
        Assert.Equal(products.Count, products.Select(p => p.Handle).Distinct().Count());
        var skus = products.SelectMany(p => p.Variants).Select(v => v.Sku).ToList();
        Assert.Equal(skus.Count, skus.Distinct().Count());
    }

    [Fact]
    public void every_variant_is_priced_in_eur_usd_and_gbp()
    {
        Assert.All(new DemoCatalog().Products(0, 200).SelectMany(p => p.Variants), v =>
            Assert.Equal(["EUR", "GBP", "USD"], v.Prices.Select(p => p.Currency).Order()));
    }
}
