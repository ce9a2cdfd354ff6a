using System.Numerics;

namespace Meridian.Catalog.Search;

/// <summary>
/// A growable set of product slots, one bit each. Filters and facets become word-wide AND and
/// popcount over these: 100,000 products are 1,563 words, so a facet count costs microseconds.
/// </summary>
internal sealed class Bits
{
    private ulong[] _words = new ulong[16];

    public ulong[] Words => _words;

    public void Set(int slot)
    {
        var word = slot >> 6;
        if (word >= _words.Length)
        {
            Array.Resize(ref _words, Math.Max(word + 1, _words.Length * 2));
        }
        _words[word] |= 1UL << slot;
    }

    public void Clear(int slot)
    {
        var word = slot >> 6;
        if (word < _words.Length)
        {
            _words[word] &= ~(1UL << slot);
        }
    }

    /// <summary>Copies the first <paramref name="length"/> words into a fresh array.</summary>
    public ulong[] Copy(int length)
    {
        var copy = new ulong[length];
        Array.Copy(_words, copy, Math.Min(length, _words.Length));
        return copy;
    }

    /// <summary><paramref name="target"/> |= this.</summary>
    public void OrInto(ulong[] target)
    {
        var length = Math.Min(target.Length, _words.Length);
        for (var i = 0; i < length; i++)
        {
            target[i] |= _words[i];
        }
    }

    /// <summary>
    /// How many slots are in both this set and <paramref name="other"/>, looking only at the words
    /// where <paramref name="other"/> has any slot: a filtered result of a few products costs a few words.
    /// </summary>
    public int CountAnd(ulong[] other, int[] nonZeroWords)
    {
        var count = 0;
        foreach (var i in nonZeroWords)
        {
            if (i < _words.Length)
            {
                count += BitOperations.PopCount(_words[i] & other[i]);
            }
        }
        return count;
    }

    /// <summary>The indexes of the words of <paramref name="words"/> that hold any slot.</summary>
    public static int[] NonZeroWords(ulong[] words)
    {
        var indexes = new List<int>();
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] != 0)
            {
                indexes.Add(i);
            }
        }
        return [.. indexes];
    }

    public static void AndInto(ulong[] target, ulong[] other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] &= i < other.Length ? other[i] : 0;
        }
    }

    public static int Count(ulong[] words)
    {
        var count = 0;
        foreach (var word in words)
        {
            count += BitOperations.PopCount(word);
        }
        return count;
    }

    public static bool Contains(ulong[] words, int slot) => (words[slot >> 6] & (1UL << slot)) != 0;

    /// <summary>The slots in <paramref name="words"/>, descending: newest first, as slots are handed out in order.</summary>
    public static IEnumerable<int> SlotsDescending(ulong[] words)
    {
        for (var i = words.Length - 1; i >= 0; i--)
        {
            var word = words[i];
            while (word != 0)
            {
                var bit = 63 - BitOperations.LeadingZeroCount(word);
                yield return (i << 6) + bit;
                word &= ~(1UL << bit);
            }
        }
    }

    public static void Set(ulong[] words, int slot) => words[slot >> 6] |= 1UL << slot;

    /// <summary>The slots in <paramref name="words"/>, ascending.</summary>
    public static IEnumerable<int> Slots(ulong[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            while (word != 0)
            {
                yield return (i << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
    }
}
