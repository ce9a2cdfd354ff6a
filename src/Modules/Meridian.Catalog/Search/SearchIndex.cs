using Meridian.SharedKernel;

namespace Meridian.Catalog.Search;

/// <summary>
/// The catalog's search engine: an in-memory inverted index with prefix and typo-tolerant matching,
/// filters and facets as bitset algebra, and keyset pagination over presorted orders.
/// Written by hand rather than embedding a search server because the catalog must keep answering
/// when every dependency is down, must reflect a write at once, and fits in memory at the sizes
/// Meridian's users run. The read path is CPU work over arrays under a reader lock; a write takes
/// the writer lock for microseconds.
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
        public int[] Slots = new int[2];
        public Field[] Fields = new Field[2];
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

    private sealed record Slot(ProductDocument Document, int Brand, int[] CategoryPath, int[] Values);

    private static readonly string[] Currencies = [.. Money.SupportedCurrencies.Order(StringComparer.Ordinal)];
    private static readonly long[] PriceEdges = [0, 2500, 5000, 10000, 20000, 50000];

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<Slot?> _slots = [];
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _slotByHandle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _slotByVariant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Postings> _terms = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _sortedTerms = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<string>> _wordsByLength = [];
    private readonly Dictionary<string, int> _brandOrdinals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _categoryOrdinals = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Code, string Value), int> _valueOrdinals = [];
    private readonly List<(string Code, string Value)> _values = [];
    private readonly List<Bits> _brandBits = [];
    private readonly List<Bits> _categoryBits = [];
    private readonly List<Bits> _valueBits = [];
    private readonly Bits _live = new();
    private readonly long[][] _prices = [.. Currencies.Select(_ => new long[16])];
    private long[] _created = new long[16];
    private readonly Bits[][] _priceBuckets = [.. Currencies.Select(_ => PriceEdges.Select(_ => new Bits()).ToArray())];
    private readonly Dictionary<string, (string Term, float Weight)[]> _fuzzyCache = new(StringComparer.Ordinal);
    private readonly Dictionary<(SearchSort, int), SortedOrder> _orders = [];
    private Taxonomy _taxonomy = Taxonomy.Empty;
    private int _liveCount;
    private long _version;

    public int Count => Read(() => _liveCount);

    public int SlotCount => Read(() => _slots.Count);

    public Taxonomy Taxonomy => Read(() => _taxonomy);

    public void SetTaxonomy(Taxonomy taxonomy) => Write(() =>
    {
        _taxonomy = taxonomy;
        foreach (var brand in taxonomy.Brands)
        {
            Ordinal(_brandOrdinals, _brandBits, brand.Id);
        }
        foreach (var category in taxonomy.Categories)
        {
            Ordinal(_categoryOrdinals, _categoryBits, category.Id);
        }
    });

    /// <summary>Adds or replaces a product. The old slot becomes a tombstone; <see cref="NeedsCompaction"/> says when to rebuild.</summary>
    public void Upsert(ProductDocument document) => Write(() =>
    {
        RemoveUnlocked(document.Id);
        var slot = _slots.Count;
        var brand = document.BrandId is null ? -1 : Ordinal(_brandOrdinals, _brandBits, document.BrandId);
        var path = _taxonomy.PathOf(document.CategoryId).Select(c => Ordinal(_categoryOrdinals, _categoryBits, c.Id)).ToArray();
        var values = document.FacetValues.Select(v => ValueOrdinal(v.Code, v.Value)).Distinct().ToArray();
        var entry = new Slot(document, brand, path, values);
        _slots.Add(entry);
        _slotById[document.Id] = slot;
        _slotByHandle[document.Handle] = slot;
        foreach (var variant in document.Detail.Variants)
        {
            _slotByVariant[variant.Id] = slot;
            _slotByVariant[variant.Sku] = slot;
        }
        _liveCount++;
        SetBits(entry, slot, on: true);
        if (slot >= _created.Length)
        {
            Array.Resize(ref _created, Math.Max(slot + 1, _created.Length * 2));
        }
        _created[slot] = document.CreatedAt.UtcTicks;
        for (var c = 0; c < Currencies.Length; c++)
        {
            if (slot >= _prices[c].Length)
            {
                Array.Resize(ref _prices[c], Math.Max(slot + 1, _prices[c].Length * 2));
            }
            _prices[c][slot] = document.FromPrices.TryGetValue(Currencies[c], out var amount) ? amount : long.MaxValue;
        }
        IndexTerms(slot, document);
        _version++;
    });

    public void Remove(string productId) => Write(() => RemoveUnlocked(productId));

    /// <summary>True when tombstones outnumber a quarter of the slots: rebuilding then saves memory and time.</summary>
    public bool NeedsCompaction => Read(() => _slots.Count > 1000 && _slots.Count - _liveCount > _slots.Count / 4);

    public IEnumerable<ProductDocument> LiveDocuments() =>
        Read(() => _slots.Where(s => s is not null).Select(s => s!.Document).ToList());

    public ProductDocument? Find(string idOrHandle) => Read(() =>
        (_slotById.TryGetValue(idOrHandle, out var slot) || _slotByHandle.TryGetValue(idOrHandle, out slot))
            ? _slots[slot]?.Document
            : null);

    /// <summary>The published product and variant with this variant id or SKU.</summary>
    public (ProductDocument Document, VariantView Variant)? FindVariant(string idOrSku) => Read<(ProductDocument, VariantView)?>(() =>
    {
        if (!_slotByVariant.TryGetValue(idOrSku, out var slot) || _slots[slot] is not { } entry)
        {
            return null;
        }
        var variant = entry.Document.Detail.Variants.FirstOrDefault(v => v.Id == idOrSku || v.Sku == idOrSku);
        return variant is null ? null : (entry.Document, variant);
    });

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
            foreach (var variant in old.Document.Detail.Variants)
            {
                if (_slotByVariant.TryGetValue(variant.Id, out var variantSlot) && variantSlot == slot)
                {
                    _slotByVariant.Remove(variant.Id);
                    _slotByVariant.Remove(variant.Sku);
                }
            }
            SetBits(old, slot, on: false);
            _slots[slot] = null;
            _liveCount--;
            _version++;
        }
    }

    private void SetBits(Slot entry, int slot, bool on)
    {
        void Apply(Bits bits)
        {
            if (on)
            {
                bits.Set(slot);
            }
            else
            {
                bits.Clear(slot);
            }
        }
        Apply(_live);
        if (entry.Brand >= 0)
        {
            Apply(_brandBits[entry.Brand]);
        }
        foreach (var category in entry.CategoryPath)
        {
            Apply(_categoryBits[category]);
        }
        foreach (var value in entry.Values)
        {
            Apply(_valueBits[value]);
        }
        for (var c = 0; c < Currencies.Length; c++)
        {
            if (entry.Document.FromPrices.TryGetValue(Currencies[c], out var amount))
            {
                Apply(_priceBuckets[c][BucketOf(amount)]);
            }
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
            _valueBits.Add(new Bits());
        }
        return ordinal;
    }

    private static int Ordinal(Dictionary<string, int> ordinals, List<Bits> bits, string key)
    {
        if (!ordinals.TryGetValue(key, out var ordinal))
        {
            ordinal = ordinals.Count;
            ordinals[key] = ordinal;
            bits.Add(new Bits());
        }
        return ordinal;
    }

    private static int BucketOf(long price)
    {
        var bucket = 0;
        while (bucket + 1 < PriceEdges.Length && price >= PriceEdges[bucket + 1])
        {
            bucket++;
        }
        return bucket;
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
}
