namespace Meridian.Catalog.Search;

internal sealed partial class SearchIndex
{
    /// <summary>Counts the requested facets in one pass over the candidates.</summary>
    private sealed class FacetCounter
    {
        private readonly SearchIndex _index;
        private readonly int _currency;
        private readonly int[]? _brands;
        private readonly int[]? _categories;
        private readonly int[]? _prices;
        private readonly Dictionary<string, int[]> _attributes = new(StringComparer.Ordinal);
        private readonly string?[] _valueFacet;
        private readonly IReadOnlySet<string> _requested;

        public FacetCounter(SearchIndex index, SearchRequest request, int currency)
        {
            _index = index;
            _currency = currency;
            _requested = request.Facets;
            _brands = request.Facets.Contains("brand") ? new int[index._brandOrdinals.Count] : null;
            _categories = request.Facets.Contains("category") ? new int[index._categoryOrdinals.Count] : null;
            _prices = request.Facets.Contains("price") ? new int[PriceEdges.Length] : null;
            _valueFacet = new string?[index._values.Count];
            for (var v = 0; v < index._values.Count; v++)
            {
                var name = "attr." + index._values[v].Code;
                if (request.Facets.Contains(name))
                {
                    _valueFacet[v] = name;
                    if (!_attributes.ContainsKey(name))
                    {
                        _attributes[name] = new int[index._values.Count];
                    }
                }
            }
        }

        /// <summary>Counts <paramref name="slot"/> in every facet, or only in <paramref name="onlyFacet"/> when it failed that facet's filter.</summary>
        public void Count(Slot slot, string? onlyFacet)
        {
            if (_brands is not null && slot.Brand >= 0 && Counts(onlyFacet, "brand"))
            {
                _brands[slot.Brand]++;
            }
            if (_categories is not null && Counts(onlyFacet, "category"))
            {
                foreach (var category in slot.CategoryPath)
                {
                    _categories[category]++;
                }
            }
            if (_prices is not null && _currency >= 0 && slot.Prices[_currency] != long.MaxValue && Counts(onlyFacet, "price"))
            {
                _prices[BucketOf(slot.Prices[_currency])]++;
            }
            if (_attributes.Count > 0)
            {
                foreach (var value in slot.Values)
                {
                    if (_valueFacet[value] is { } facet && Counts(onlyFacet, facet))
                    {
                        _attributes[facet][value]++;
                    }
                }
            }
        }

        private static bool Counts(string? onlyFacet, string facet) => onlyFacet is null || onlyFacet == facet;

        private static int BucketOf(long price)
        {
            var bucket = 0;
            while (bucket + 1 < PriceEdges.Length && price >= PriceEdges[bucket + 1])
            {
                bucket++;
            }
            return bucket;
        }

        public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Results()
        {
            var results = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
            var taxonomy = _index._taxonomy;
            if (_brands is not null)
            {
                results["brand"] = taxonomy.Brands
                    .Select(b => (Brand: b, Count: _index._brandOrdinals.TryGetValue(b.Id, out var o) ? _brands[o] : 0))
                    .Where(b => b.Count > 0)
                    .OrderByDescending(b => b.Count).ThenBy(b => b.Brand.Name, StringComparer.Ordinal)
                    .Select(b => new FacetCount(b.Brand.Handle, b.Brand.Name, b.Count))
                    .ToList();
            }
            if (_categories is not null)
            {
                results["category"] = taxonomy.Categories
                    .Select(c => (Category: c, Count: _index._categoryOrdinals.TryGetValue(c.Id, out var o) ? _categories[o] : 0))
                    .Where(c => c.Count > 0)
                    .Select(c => new FacetCount(c.Category.Handle, c.Category.Name, c.Count, taxonomy.CategoryById(c.Category.ParentId)?.Handle))
                    .ToList();
            }
            foreach (var facet in _requested.Where(f => f.StartsWith("attr.", StringComparison.Ordinal)))
            {
                if (!_attributes.TryGetValue(facet, out var counts))
                {
                    results[facet] = [];
                    continue;
                }
                results[facet] = Enumerable.Range(0, _index._values.Count)
                    .Where(v => _valueFacet[v] == facet && counts[v] > 0)
                    .OrderByDescending(v => counts[v]).ThenBy(v => _index._values[v].Value, StringComparer.Ordinal)
                    .Select(v => new FacetCount(_index._values[v].Value, _index._values[v].Value, counts[v]))
                    .ToList();
            }
            return results;
        }

        public IReadOnlyList<PriceBucket>? PriceResults() =>
            _prices?.Select((count, i) => new PriceBucket(PriceEdges[i], i + 1 < PriceEdges.Length ? PriceEdges[i + 1] : null, count)).ToList();
    }
}
