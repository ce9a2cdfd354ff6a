namespace Meridian.Catalog.Search;

internal sealed partial class SearchIndex
{
    private const float ExactWeight = 1f;
    private const float PrefixWeight = 0.75f;

    /// <summary>Below this many hits a heap picks the page; above it, a presorted order is walked until the page is full.</summary>
    private const int HeapThreshold = 4096;

    private static readonly (Field Field, float Weight)[] FieldWeights =
        [(Field.Sku, 4f), (Field.Title, 3f), (Field.Brand, 2f), (Field.Description, 1f)];

    /// <summary>One active filter as a bitset: OR within its values, AND across groups.</summary>
    private sealed record Group(string Name, ulong[] Bits);

    /// <summary>Every live slot in one sort order, with its keys, valid for one index version.</summary>
    private sealed record SortedOrder(long Version, int[] Slots, SortKey[] Keys);

    private SearchResult SearchUnlocked(SearchRequest request)
    {
        var currency = CurrencyIndex(request.Currency);
        var words = (_slots.Count + 63) >> 6;
        var tokens = Tokenizer.Tokenize(request.Text).Distinct(StringComparer.Ordinal).Take(10).ToList();
        var text = tokens.Count > 0 ? MatchText(tokens) : null;
        var universe = _live.Copy(words);
        if (text is not null)
        {
            Bits.AndInto(universe, text.Matches);
        }
        var groups = BuildGroups(request, currency, universe);
        var result = (ulong[])universe.Clone();
        foreach (var group in groups)
        {
            Bits.AndInto(result, group.Bits);
        }
        var total = Bits.Count(result);
        var facets = CountFacets(request, currency, universe, groups, result);
        var (items, nextCursor) = Page(request, currency, result, total, text);
        return new SearchResult(items, total, nextCursor, facets, PriceFacet(request, currency, universe, groups, result));
    }

    private List<Group> BuildGroups(SearchRequest request, int currency, ulong[] universe)
    {
        var groups = new List<Group>();
        if (request.Brands.Count > 0)
        {
            var bits = new ulong[universe.Length];
            foreach (var handle in request.Brands)
            {
                if (_taxonomy.BrandsByHandle.TryGetValue(handle, out var brand) && _brandOrdinals.TryGetValue(brand.Id, out var ordinal))
                {
                    _brandBits[ordinal].OrInto(bits);
                }
            }
            groups.Add(new Group("brand", bits));
        }
        if (request.Categories.Count > 0)
        {
            var bits = new ulong[universe.Length];
            foreach (var handle in request.Categories)
            {
                if (_taxonomy.CategoriesByHandle.TryGetValue(handle, out var category) && _categoryOrdinals.TryGetValue(category.Id, out var ordinal))
                {
                    _categoryBits[ordinal].OrInto(bits);
                }
            }
            groups.Add(new Group("category", bits));
        }
        if (request.PriceMin is not null || request.PriceMax is not null)
        {
            var bits = new ulong[universe.Length];
            if (currency >= 0)
            {
                var min = request.PriceMin ?? 0;
                var max = request.PriceMax ?? long.MaxValue - 1;
                var prices = _prices[currency];
                foreach (var slot in Bits.Slots(universe))
                {
                    if (prices[slot] >= min && prices[slot] <= max)
                    {
                        bits[slot >> 6] |= 1UL << slot;
                    }
                }
            }
            groups.Add(new Group("price", bits));
        }
        foreach (var (code, values) in request.Attributes)
        {
            var bits = new ulong[universe.Length];
            foreach (var value in values)
            {
                if (_valueOrdinals.TryGetValue((code, value), out var ordinal))
                {
                    _valueBits[ordinal].OrInto(bits);
                }
            }
            groups.Add(new Group("attr." + code, bits));
        }
        return groups;
    }

    /// <summary>
    /// The products a facet counts: every active filter applied except the facet's own, so the
    /// shopper sees what changing just that filter would give.
    /// </summary>
    private static ulong[] BaseFor(string facet, ulong[] universe, List<Group> groups, ulong[] result)
    {
        if (!groups.Exists(g => g.Name == facet))
        {
            return result;
        }
        var bits = (ulong[])universe.Clone();
        foreach (var group in groups.Where(g => g.Name != facet))
        {
            Bits.AndInto(bits, group.Bits);
        }
        return bits;
    }

    private Dictionary<string, IReadOnlyList<FacetCount>> CountFacets(
        SearchRequest request, int currency, ulong[] universe, List<Group> groups, ulong[] result)
    {
        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        foreach (var facet in request.Facets)
        {
            if (facet == "price")
            {
                continue;
            }
            var counted = BaseFor(facet, universe, groups, result);
            var occupied = Bits.NonZeroWords(counted);
            if (facet == "brand")
            {
                facets[facet] = _taxonomy.Brands
                    .Select(b => (Brand: b, Count: _brandOrdinals.TryGetValue(b.Id, out var o) ? _brandBits[o].CountAnd(counted, occupied) : 0))
                    .Where(b => b.Count > 0)
                    .OrderByDescending(b => b.Count).ThenBy(b => b.Brand.Name, StringComparer.Ordinal)
                    .Select(b => new FacetCount(b.Brand.Handle, b.Brand.Name, b.Count))
                    .ToList();
            }
            else if (facet == "category")
            {
                facets[facet] = _taxonomy.Categories
                    .Select(c => (Category: c, Count: _categoryOrdinals.TryGetValue(c.Id, out var o) ? _categoryBits[o].CountAnd(counted, occupied) : 0))
                    .Where(c => c.Count > 0)
                    .Select(c => new FacetCount(c.Category.Handle, c.Category.Name, c.Count, _taxonomy.CategoryById(c.Category.ParentId)?.Handle))
                    .ToList();
            }
            else
            {
                var code = facet["attr.".Length..];
                facets[facet] = Enumerable.Range(0, _values.Count)
                    .Where(v => _values[v].Code == code)
                    .Select(v => (Value: _values[v].Value, Count: _valueBits[v].CountAnd(counted, occupied)))
                    .Where(v => v.Count > 0)
                    .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
                    .Select(v => new FacetCount(v.Value, v.Value, v.Count))
                    .ToList();
            }
        }
        return facets;
    }

    private List<PriceBucket>? PriceFacet(SearchRequest request, int currency, ulong[] universe, List<Group> groups, ulong[] result)
    {
        if (!request.Facets.Contains("price"))
        {
            return null;
        }
        var counted = BaseFor("price", universe, groups, result);
        var occupied = Bits.NonZeroWords(counted);
        return PriceEdges.Select((edge, i) => new PriceBucket(
            edge,
            i + 1 < PriceEdges.Length ? PriceEdges[i + 1] : null,
            currency >= 0 ? _priceBuckets[currency][i].CountAnd(counted, occupied) : 0)).ToList();
    }

    private (List<ProductDocument> Items, string? NextCursor) Page(SearchRequest request, int currency, ulong[] result, int total, TextMatch? text)
    {
        var page = new List<(int Slot, SortKey Key)>(request.Limit + 1);
        var byScore = text is not null && request.Sort == SearchSort.Relevance;
        if (byScore || total <= HeapThreshold)
        {
            // Newest first: among equal scores the first seen are the best, so once the page is full
            // almost every later candidate loses to the worst kept one in a single comparison.
            var heap = new PriorityQueue<int, SortKey>(request.Limit + 2, Comparer<SortKey>.Create((a, b) => b.CompareTo(a)));
            foreach (var slot in Bits.SlotsDescending(result))
            {
                // Sort keys come from flat arrays; the document (for its id) is touched only on a tie
                // or when the product makes the page, which keeps this loop in the CPU cache.
                var (primary, secondary) = KeyParts(slot, request.Sort, currency, text?.Scores[slot] ?? 0f);
                if (request.After is { } after && ComparePartsTo(primary, secondary, slot, after) <= 0)
                {
                    continue;
                }
                if (heap.Count > request.Limit && heap.TryPeek(out _, out var worst) && ComparePartsTo(primary, secondary, slot, worst) >= 0)
                {
                    continue;
                }
                var key = new SortKey(primary, secondary, _slots[slot]!.Document.Id);
                heap.Enqueue(slot, key);
                if (heap.Count > request.Limit + 1)
                {
                    heap.Dequeue();
                }
            }
            while (heap.TryDequeue(out var slot, out var key))
            {
                page.Add((slot, key));
            }
            page.Reverse();
        }
        else
        {
            var order = OrderFor(request.Sort, currency);
            var start = request.After is { } after ? UpperBound(order.Keys, after) : 0;
            for (var i = start; i < order.Slots.Length && page.Count <= request.Limit; i++)
            {
                if (Bits.Contains(result, order.Slots[i]))
                {
                    page.Add((order.Slots[i], order.Keys[i]));
                }
            }
        }
        string? nextCursor = null;
        if (page.Count > request.Limit)
        {
            page.RemoveAt(page.Count - 1);
            nextCursor = page[^1].Key.Encode();
        }
        return (page.Select(p => _slots[p.Slot]!.Document).ToList(), nextCursor);
    }

    private SortKey KeyOf(int slot, SearchSort sort, int currency, float score)
    {
        var (primary, secondary) = KeyParts(slot, sort, currency, score);
        return new SortKey(primary, secondary, _slots[slot]!.Document.Id);
    }

    private (long Primary, long Secondary) KeyParts(int slot, SearchSort sort, int currency, float score)
    {
        var newest = -_created[slot];
        var price = currency >= 0 ? _prices[currency][slot] : long.MaxValue;
        return sort switch
        {
            SearchSort.Relevance => (-(long)Math.Round(score * 1_000_000d), newest),
            SearchSort.PriceAscending => (price, newest),
            SearchSort.PriceDescending => (price == long.MaxValue ? long.MaxValue : -price, newest),
            _ => (newest, 0),
        };
    }

    private int ComparePartsTo(long primary, long secondary, int slot, SortKey other)
    {
        var order = primary.CompareTo(other.Primary);
        if (order == 0)
        {
            order = secondary.CompareTo(other.Secondary);
        }
        return order != 0 ? order : string.CompareOrdinal(_slots[slot]!.Document.Id, other.Id);
    }

    /// <summary>All live products in one order, built once per index version and shared by every query until the next write.</summary>
    private SortedOrder OrderFor(SearchSort sort, int currency)
    {
        var key = (sort, sort is SearchSort.PriceAscending or SearchSort.PriceDescending ? currency : -1);
        lock (_orders)
        {
            if (_orders.TryGetValue(key, out var cached) && cached.Version == _version)
            {
                return cached;
            }
            var slots = Bits.Slots(_live.Words).Where(s => s < _slots.Count).ToArray();
            var keys = slots.Select(s => KeyOf(s, sort, currency, 0f)).ToArray();
            Array.Sort(keys, slots);
            var order = new SortedOrder(_version, slots, keys);
            _orders[key] = order;
            return order;
        }
    }

    private static int UpperBound(SortKey[] keys, SortKey after)
    {
        int low = 0, high = keys.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (keys[middle].CompareTo(after) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private TextMatch MatchText(List<string> tokens)
    {
        var words = (_slots.Count + 63) >> 6;
        var match = new TextMatch(_slots.Count);
        var best = Scratch.Floats(ref Scratch.Best, _slots.Count);
        {
            ulong[]? previous = null;
            for (var k = 0; k < tokens.Count; k++)
            {
                var seen = new ulong[words];
                var touched = new List<int>();
                foreach (var (term, weight) in Expand(tokens[k], prefix: k == tokens.Count - 1))
                {
                    var postings = _terms[term];
                    var idf = (float)Math.Log(1 + ((double)Math.Max(_liveCount, 1) / postings.Count));
                    for (var i = 0; i < postings.Count; i++)
                    {
                        var slot = postings.Slots[i];
                        if (previous is not null && !Bits.Contains(previous, slot))
                        {
                            continue;
                        }
                        var score = weight * FieldWeight(postings.Fields[i]) * idf;
                        if (!Bits.Contains(seen, slot))
                        {
                            Bits.Set(seen, slot);
                            touched.Add(slot);
                            best[slot] = score;
                        }
                        else if (score > best[slot])
                        {
                            best[slot] = score;
                        }
                    }
                }
                foreach (var slot in touched)
                {
                    match.Scores[slot] = (k == 0 ? 0 : match.Scores[slot]) + best[slot];
                }
                previous = seen;
                if (touched.Count == 0)
                {
                    break;
                }
            }
            match.Matches = previous ?? new ulong[words];
            return match;
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

    /// <summary>
    /// The index terms a query word stands for: itself, the words one or two typos away, and — for
    /// the word being typed, the last one — the words it starts.
    /// </summary>
    private List<(string Term, float Weight)> Expand(string token, bool prefix)
    {
        var expansions = new List<(string, float)>();
        if (_terms.ContainsKey(token))
        {
            expansions.Add((token, ExactWeight));
        }
        if (prefix && token.Length >= 2)
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
            expansions.AddRange(Fuzzy(token).Where(f => !prefix || !f.Term.StartsWith(token, StringComparison.Ordinal)));
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

    /// <summary>
    /// Per-query scratch space for text matching: the matched slots as a bitset, and their scores in
    /// the thread's scratch array, written only where a slot matched, so it never needs clearing.
    /// </summary>
    private sealed class TextMatch(int length)
    {
        public float[] Scores { get; } = Scratch.Floats(ref Scratch.Scores, length);

        public ulong[] Matches { get; set; } = [];
    }

    /// <summary>
    /// Score arrays as long as the index, one pair per thread and reused by every query on it. Renting
    /// them per query from the shared pool missed under concurrency, and each miss was a large-object
    /// allocation that drove full collections of a heap holding the whole catalog.
    /// </summary>
    private static class Scratch
    {
        [ThreadStatic]
        public static float[]? Best;

        [ThreadStatic]
        public static float[]? Scores;

        public static float[] Floats(ref float[]? array, int length)
        {
            if (array is null || array.Length < length)
            {
                array = new float[Math.Max(length, 1024) * 5 / 4];
            }
            return array;
        }
    }
}
