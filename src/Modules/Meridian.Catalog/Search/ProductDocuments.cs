using Meridian.Catalog.Domain;

namespace Meridian.Catalog.Search;

/// <summary>Turns the authored model into what shoppers read: the index document and the product page.</summary>
internal static class ProductDocuments
{
    public static ProductDocument Build(Product product, Taxonomy taxonomy)
    {
        var brand = product.BrandId is not null ? taxonomy.BrandView(product.BrandId) : null;
        var path = taxonomy.PathOf(product.CategoryId).Select(c => taxonomy.CategoryView(c.Id)!).ToList();
        var variants = product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Sku, StringComparer.Ordinal).Select(v => new VariantView(
            v.Id,
            v.Sku,
            v.Title,
            taxonomy.Strings.Map(v.Options),
            v.Prices.Where(p => p.PriceListId == PriceList.DefaultId).OrderBy(p => p.Currency, StringComparer.Ordinal)
                .Select(p => new MoneyView(p.Amount, taxonomy.Strings.Intern(p.Currency))).ToList(),
            v.WeightGrams)).ToList();
        var detail = new ProductDetail(
            product.Id,
            product.Handle,
            product.Title,
            product.Description,
            product.Status.ToString().ToLowerInvariant(),
            brand,
            path,
            product.Media,
            taxonomy.Strings.Map(product.Attributes),
            variants,
            product.CreatedAt,
            product.UpdatedAt,
            product.Version,
            taxonomy.Strings.Intern(product.TaxClass));
        var facetValues = product.Attributes.Concat(product.Variants.SelectMany(v => v.Options))
            .Where(a => taxonomy.IsFilterable(a.Code))
            .Select(a => (taxonomy.Strings.Intern(a.Code), taxonomy.Strings.Intern(a.Value)))
            .Distinct()
            .ToList();
        var fromPrices = variants.SelectMany(v => v.Prices)
            .GroupBy(p => p.Currency, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(p => p.Amount), StringComparer.Ordinal);
        return new ProductDocument(
            product.Id,
            product.Handle,
            product.Title,
            product.Description,
            product.BrandId,
            product.CategoryId,
            product.Variants.Select(v => v.Sku).ToList(),
            facetValues,
            fromPrices,
            product.CreatedAt,
            detail);
    }

    public static ProductSummary Summarize(ProductDocument document, string currency) => new(
        document.Id,
        document.Handle,
        document.Title,
        document.Detail.Brand,
        document.Detail.Categories.Count > 0 ? document.Detail.Categories[^1] : null,
        document.FromPrices.TryGetValue(currency, out var amount) ? new MoneyView(amount, currency) : null,
        document.Detail.Media.Count > 0 ? document.Detail.Media[0] : null,
        document.CreatedAt);
}
