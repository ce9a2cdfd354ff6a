using System.Buffers;
using Meridian.SharedKernel;

namespace Meridian.Catalog.Search;

/// <summary>
/// The catalog's search engine: an in-memory inverted index with prefix and typo-tolerant matching,
/// filters, facets that ignore their own filter, and keyset pagination.
/// Written by hand rather than embedding a search server because the catalog must keep answering
/// when every dependency is down, must reflect a write at once, and fits in memory at the sizes
/// Meridian's users run (100,000 products take a few hundred MB). The whole read path is CPU work
/// over arrays, under a reader lock; writes take the writer lock for microseconds.
/// </summary>
internal sealed partial class SearchIndex
{
    private const int MaxPrefixExpansions = 64;
    private const int MaxFuzzyCacheEntries = 10_000;

    [Flags]
    private enum Field : byte
    {
        None = 0,
        Title = 1,
        Brand = 2,
        Sku = 4,
        Description = 8,
    }

    private sealed class Postings
    {
        public int[] Slots = new int[4];
        public Field[] Fields = new Field[4];
        public int Count;

        public void Add(int slot, Field fields)
        {
            if (Count == Slots.Length)
            {
                Array.Resize(ref Slots, Count * 2);
                Array.Resize(ref Fields, Count * 2);
            }
            Slots[Count] = slot;
            Fields[Count] = fields;
            Count++;
        }
    }

    private sealed class Slot(ProductDocument document, int brand, int[] categoryPath, int[] values, long[] prices)
    {
        public ProductDocument Document { get; } = document;
        public int Brand { get; } = brand;
        public int[] CategoryPath { get; } = categoryPath;
        public int[] Values { get; } = values;
        public long[] Prices { get; } = prices;
    }

    private static readonly string[] Currencies = [.. Money.SupportedCurrencies.Order(StringComparer.Ordinal)];
    private static readonly long[] PriceEdges = [0, 2500, 5000, 10000, 20000, 50000];

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<Slot?> _slots = [];
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _slotByHandle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Postings> _terms = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _sortedTerms = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<string>> _wordsByLength = [];
    private readonly Dictionary<string, int> _brandOrdinals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _categoryOrdinals = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Code, string Value), int> _valueOrdinals = [];
    private readonly List<(string Code, string Value)> _values = [];
    private readonly Dictionary<string, (string Term, float Weight)[]> _fuzzyCache = new(StringComparer.Ordinal);
    private Taxonomy _taxonomy = Taxonomy.Empty;
    private int _live;

    public int Count => Read(() => _live);

    public int SlotCount => Read(() => _slots.Count);

    public Taxonomy Taxonomy => Read(() => _taxonomy);

    public void SetTaxonomy(Taxonomy taxonomy) => Write(() =>
    {
        _taxonomy = taxonomy;
        foreach (var brand in taxonomy.Brands)
        {
            Ordinal(_brandOrdinals, brand.Id);
        }
        foreach (var category in taxonomy.Categories)
        {
            Ordinal(_categoryOrdinals, category.Id);
        }
    });

    /// <summary>Adds or replaces a product. The old slot becomes a tombstone; <see cref="NeedsCompaction"/> says when to rebuild.</summary>
    public void Upsert(ProductDocument document) => Write(() =>
    {
        RemoveUnlocked(document.Id);
        var slot = _slots.Count;
        var prices = new long[Currencies.Length];
        for (var i = 0; i < Currencies.Length; i++)
        {
            prices[i] = document.FromPrices.TryGetValue(Currencies[i], out var amount) ? amount : long.MaxValue;
        }
        var brand = document.BrandId is null ? -1 : Ordinal(_brandOrdinals, document.BrandId);
        var path = _taxonomy.PathOf(document.CategoryId).Select(c => Ordinal(_categoryOrdinals, c.Id)).ToArray();
        var values = document.FacetValues.Select(v => ValueOrdinal(v.Code, v.Value)).Distinct().ToArray();
        _slots.Add(new Slot(document, brand, path, values, prices));
        _slotById[document.Id] = slot;
        _slotByHandle[document.Handle] = slot;
        _live++;
        IndexTerms(slot, document);
    });

    public void Remove(string productId) => Write(() => RemoveUnlocked(productId));

    /// <summary>True when tombstones outnumber a quarter of the slots: rebuilding then saves memory and time.</summary>
    public bool NeedsCompaction => Read(() => _slots.Count > 1000 && _slots.Count - _live > _slots.Count / 4);

    public IEnumerable<ProductDocument> LiveDocuments() =>
        Read(() => _slots.Where(s => s is not null).Select(s => s!.Document).ToList());

    public ProductDocument? Find(string idOrHandle) => Read(() =>
        (_slotById.TryGetValue(idOrHandle, out var slot) || _slotByHandle.TryGetValue(idOrHandle, out slot))
            ? _slots[slot]?.Document
            : null);

    public SearchResult Search(SearchRequest request)
    {
        _lock.EnterReadLock();
        try
        {
            return SearchUnlocked(request);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void RemoveUnlocked(string productId)
    {
        if (_slotById.Remove(productId, out var slot) && _slots[slot] is { } old)
        {
            if (_slotByHandle.TryGetValue(old.Document.Handle, out var handleSlot) && handleSlot == slot)
            {
                _slotByHandle.Remove(old.Document.Handle);
            }
            _slots[slot] = null;
            _live--;
        }
    }

    private void IndexTerms(int slot, ProductDocument document)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        void Add(string? text, Field field)
        {
            foreach (var term in Tokenizer.Tokenize(text))
            {
                fields[term] = fields.GetValueOrDefault(term) | field;
            }
        }
        Add(document.Title, Field.Title);
        Add(document.BrandId is not null && _taxonomy.BrandsById.TryGetValue(document.BrandId, out var brand) ? brand.Name : null, Field.Brand);
        Add(document.Description, Field.Description);
        foreach (var sku in document.Skus)
        {
            Add(sku, Field.Sku);
            var whole = sku.ToLowerInvariant();
            fields[whole] = fields.GetValueOrDefault(whole) | Field.Sku;
        }
        var vocabularyGrew = false;
        foreach (var (term, field) in fields)
        {
            if (!_terms.TryGetValue(term, out var postings))
            {
                postings = new Postings();
                _terms[term] = postings;
                _sortedTerms.Add(term);
                if (field != Field.Sku && term.All(char.IsLetter))
                {
                    if (!_wordsByLength.TryGetValue(term.Length, out var words))
                    {
                        words = [];
                        _wordsByLength[term.Length] = words;
                    }
                    words.Add(term);
                    vocabularyGrew = true;
                }
            }
            postings.Add(slot, field);
        }
        if (vocabularyGrew)
        {
            lock (_fuzzyCache)
            {
                _fuzzyCache.Clear();
            }
        }
    }

    private int ValueOrdinal(string code, string value)
    {
        var key = (code, value);
        if (!_valueOrdinals.TryGetValue(key, out var ordinal))
        {
            ordinal = _values.Count;
            _values.Add(key);
            _valueOrdinals[key] = ordinal;
        }
        return ordinal;
    }

    private static int Ordinal(Dictionary<string, int> ordinals, string key)
    {
        if (!ordinals.TryGetValue(key, out var ordinal))
        {
            ordinal = ordinals.Count;
            ordinals[key] = ordinal;
        }
        return ordinal;
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Write(Action write)
    {
        _lock.EnterWriteLock();
        try
        {
            write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    internal static int CurrencyIndex(string currency) => Array.IndexOf(Currencies, currency);

    internal static IReadOnlyList<long> PriceBucketEdges => PriceEdges;
}
