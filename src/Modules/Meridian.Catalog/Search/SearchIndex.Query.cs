using System.Buffers;

namespace Meridian.Catalog.Search;

internal sealed partial class SearchIndex
{
    private const float ExactWeight = 1f;
    private const float PrefixWeight = 0.75f;

    /// <summary>One active filter: a product passes when any of the group's values matches (OR within, AND across groups).</summary>
    private sealed record Group(string Name, Func<Slot, bool> Matches);

    private SearchResult SearchUnlocked(SearchRequest request)
    {
        var currency = CurrencyIndex(request.Currency);
        var tokens = Tokenizer.Tokenize(request.Text).Distinct(StringComparer.Ordinal).Take(10).ToList();
        var text = tokens.Count > 0 ? MatchText(tokens) : null;
        try
        {
            var groups = BuildGroups(request, currency);
            var facets = new FacetCounter(this, request, currency);
            var page = new PriorityQueue<int, SortKey>(request.Limit + 1, Comparer<SortKey>.Create((a, b) => b.CompareTo(a)));
            var total = 0;
            var candidates = text?.Matches ?? Enumerable.Range(0, _slots.Count);
            foreach (var index in candidates)
            {
                var slot = _slots[index];
                if (slot is null)
                {
                    continue;
                }
                var failures = 0;
                string? failedGroup = null;
                foreach (var group in groups)
                {
                    if (!group.Matches(slot) && ++failures == 1)
                    {
                        failedGroup = group.Name;
                    }
                    if (failures > 1)
                    {
                        break;
                    }
                }
                if (failures > 1)
                {
                    continue;
                }
                // A product that fails exactly one filter still counts in that filter's own facet:
                // that facet shows what the shopper would get by changing just that filter.
                facets.Count(slot, failedGroup);
                if (failures == 1)
                {
                    continue;
                }
                total++;
                var key = KeyOf(slot, request.Sort, currency, text?.Scores[index] ?? 0f);
                if (request.After is { } after && key.CompareTo(after) <= 0)
                {
                    continue;
                }
                page.Enqueue(index, key);
                if (page.Count > request.Limit + 1)
                {
                    page.Dequeue();
                }
            }
            var ordered = new List<(int Slot, SortKey Key)>(page.Count);
            while (page.TryDequeue(out var slotIndex, out var key))
            {
                ordered.Add((slotIndex, key));
            }
            ordered.Reverse();
            string? nextCursor = null;
            if (ordered.Count > request.Limit)
            {
                ordered.RemoveAt(ordered.Count - 1);
                nextCursor = ordered[^1].Key.Encode();
            }
            var items = ordered.Select(o => _slots[o.Slot]!.Document).ToList();
            return new SearchResult(items, total, nextCursor, facets.Results(), facets.PriceResults());
        }
        finally
        {
            text?.Release();
        }
    }

    private static SortKey KeyOf(Slot slot, SearchSort sort, int currency, float score)
    {
        var newest = -slot.Document.CreatedAt.UtcTicks;
        var price = currency >= 0 ? slot.Prices[currency] : long.MaxValue;
        return sort switch
        {
            SearchSort.Relevance => new SortKey(-(long)Math.Round(score * 1_000_000d), newest, slot.Document.Id),
            SearchSort.PriceAscending => new SortKey(price, newest, slot.Document.Id),
            SearchSort.PriceDescending => new SortKey(price == long.MaxValue ? long.MaxValue : -price, newest, slot.Document.Id),
            _ => new SortKey(newest, 0, slot.Document.Id),
        };
    }

    private List<Group> BuildGroups(SearchRequest request, int currency)
    {
        var groups = new List<Group>();
        if (request.Brands.Count > 0)
        {
            var wanted = new HashSet<int>(request.Brands
                .Select(h => _taxonomy.BrandsByHandle.TryGetValue(h, out var b) ? b.Id : null)
                .Where(id => id is not null && _brandOrdinals.ContainsKey(id))
                .Select(id => _brandOrdinals[id!]));
            groups.Add(new Group("brand", slot => wanted.Contains(slot.Brand)));
        }
        if (request.Categories.Count > 0)
        {
            var wanted = new HashSet<int>(request.Categories
                .Select(h => _taxonomy.CategoriesByHandle.TryGetValue(h, out var c) ? c.Id : null)
                .Where(id => id is not null && _categoryOrdinals.ContainsKey(id))
                .Select(id => _categoryOrdinals[id!]));
            groups.Add(new Group("category", slot => Array.Exists(slot.CategoryPath, wanted.Contains)));
        }
        if (request.PriceMin is not null || request.PriceMax is not null)
        {
            var min = request.PriceMin ?? 0;
            var max = request.PriceMax ?? long.MaxValue - 1;
            groups.Add(new Group("price", slot => currency >= 0 && slot.Prices[currency] >= min && slot.Prices[currency] <= max));
        }
        foreach (var (code, values) in request.Attributes)
        {
            var wanted = new HashSet<int>(values
                .Where(v => _valueOrdinals.ContainsKey((code, v)))
                .Select(v => _valueOrdinals[(code, v)]));
            groups.Add(new Group("attr." + code, slot => Array.Exists(slot.Values, wanted.Contains)));
        }
        return groups;
    }

    private TextMatch MatchText(List<string> tokens)
    {
        var slotCount = _slots.Count;
        var match = new TextMatch(slotCount);
        var best = ArrayPool<float>.Shared.Rent(slotCount);
        Array.Clear(best, 0, slotCount);
        try
        {
            List<int> current = [];
            for (var k = 0; k < tokens.Count; k++)
            {
                var touched = new List<int>();
                foreach (var (term, weight) in Expand(tokens[k]))
                {
                    var postings = _terms[term];
                    var idf = (float)Math.Log(1 + ((double)Math.Max(_live, 1) / postings.Count));
                    for (var i = 0; i < postings.Count; i++)
                    {
                        var slot = postings.Slots[i];
                        if (match.Matched[slot] != k)
                        {
                            continue;
                        }
                        var score = weight * FieldWeight(postings.Fields[i]) * idf;
                        if (best[slot] == 0)
                        {
                            touched.Add(slot);
                        }
                        if (score > best[slot])
                        {
                            best[slot] = score;
                        }
                    }
                }
                foreach (var slot in touched)
                {
                    match.Matched[slot] = k + 1;
                    match.Scores[slot] += best[slot];
                    best[slot] = 0;
                }
                current = touched;
                if (touched.Count == 0)
                {
                    break;
                }
            }
            match.Matches = current;
            return match;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(best);
        }
    }

    private static float FieldWeight(Field fields)
    {
        var weight = 0f;
        var count = 0;
        foreach (var (field, fieldWeight) in FieldWeights)
        {
            if ((fields & field) != 0)
            {
                weight = Math.Max(weight, fieldWeight);
                count++;
            }
        }
        return weight + (0.25f * (count - 1));
    }

    private static readonly (Field Field, float Weight)[] FieldWeights =
        [(Field.Sku, 4f), (Field.Title, 3f), (Field.Brand, 2f), (Field.Description, 1f)];

    /// <summary>The index terms a query term stands for: itself, the words it starts, and the words one or two typos away.</summary>
    private List<(string Term, float Weight)> Expand(string token)
    {
        var expansions = new List<(string, float)>();
        if (_terms.ContainsKey(token))
        {
            expansions.Add((token, ExactWeight));
        }
        if (token.Length >= 2)
        {
            var added = 0;
            foreach (var term in _sortedTerms.GetViewBetween(token, token + char.MaxValue))
            {
                if (term.Length == token.Length)
                {
                    continue;
                }
                expansions.Add((term, PrefixWeight));
                if (++added == MaxPrefixExpansions)
                {
                    break;
                }
            }
        }
        if (token.Length >= 4 && token.All(char.IsLetter))
        {
            expansions.AddRange(Fuzzy(token).Where(f => !f.Term.StartsWith(token, StringComparison.Ordinal)));
        }
        return expansions;
    }

    private (string Term, float Weight)[] Fuzzy(string token)
    {
        lock (_fuzzyCache)
        {
            if (_fuzzyCache.TryGetValue(token, out var cached))
            {
                return cached;
            }
        }
        var maxDistance = token.Length >= 8 ? 2 : 1;
        var found = new List<(string, float)>();
        for (var length = token.Length - maxDistance; length <= token.Length + maxDistance; length++)
        {
            if (!_wordsByLength.TryGetValue(length, out var words))
            {
                continue;
            }
            foreach (var word in words)
            {
                var distance = Tokenizer.BoundedDistance(token, word, maxDistance);
                if (distance is > 0 && distance <= maxDistance)
                {
                    found.Add((word, distance == 1 ? 0.5f : 0.35f));
                }
            }
        }
        var result = found.ToArray();
        lock (_fuzzyCache)
        {
            if (_fuzzyCache.Count >= MaxFuzzyCacheEntries)
            {
                _fuzzyCache.Clear();
            }
            _fuzzyCache[token] = result;
        }
        return result;
    }

    /// <summary>Per-query scratch space for text matching, rented from the pool and returned after the query.</summary>
    private sealed class TextMatch
    {
        private readonly int _length;

        public TextMatch(int length)
        {
            _length = length;
            Matched = ArrayPool<int>.Shared.Rent(length);
            Scores = ArrayPool<float>.Shared.Rent(length);
            Array.Clear(Matched, 0, length);
            Array.Clear(Scores, 0, length);
        }

        public int[] Matched { get; }
        public float[] Scores { get; }
        public List<int> Matches { get; set; } = [];

        public void Release()
        {
            ArrayPool<int>.Shared.Return(Matched);
            ArrayPool<float>.Shared.Return(Scores);
        }
    }
}
