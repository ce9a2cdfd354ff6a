using Meridian.Catalog.Contracts;

namespace Meridian.Catalog.Search;

internal sealed class CatalogVariants(CatalogReadModel readModel) : ICatalogVariants
{
    public IReadOnlyDictionary<string, CatalogVariant> Find(IEnumerable<string> variantIdsOrSkus, string currency)
    {
        var index = readModel.Index;
        var found = new Dictionary<string, CatalogVariant>(StringComparer.Ordinal);
        foreach (var key in variantIdsOrSkus.Distinct(StringComparer.Ordinal))
        {
            if (index.FindVariant(key) is not { } match)
            {
                continue;
            }
            var (document, variant) = match;
            var detail = document.Detail;
            found[key] = new CatalogVariant(
                variant.Id,
                variant.Sku,
                document.Id,
                document.Handle,
                document.Title,
                variant.Title,
                variant.Prices.FirstOrDefault(p => p.Currency == currency)?.Amount,
                currency,
                detail.Categories.Select(c => c.Handle).ToList(),
                detail.Brand?.Handle,
                variant.WeightGrams,
                detail.TaxClass,
                detail.Media.Count > 0 ? detail.Media[0] : null);
        }
        return found;
    }
}
