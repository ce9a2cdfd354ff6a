using System.Collections.Concurrent;
using Meridian.Catalog.Domain;

namespace Meridian.Catalog.Search;

/// <summary>
/// Shares the strings and small maps that repeat across the catalog ("color", "red", "EUR", the
/// same colour-and-size combination): EF materialises a fresh copy for every row, which at 100,000
/// products costs hundreds of megabytes for a handful of distinct values.
/// </summary>
internal sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _maps = new(StringComparer.Ordinal);

    public string Intern(string value) => _strings.GetOrAdd(value, value);

    public IReadOnlyDictionary<string, string> Map(IReadOnlyList<AttributeValue> values)
    {
        var key = string.Join('\u001f', values.Select(v => $"{v.Code}\u001e{v.Value}"));
        return _maps.GetOrAdd(key, _ => values.ToDictionary(v => Intern(v.Code), v => Intern(v.Value), StringComparer.Ordinal));
    }
}
