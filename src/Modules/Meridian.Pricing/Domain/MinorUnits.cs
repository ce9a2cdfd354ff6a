namespace Meridian.Pricing.Domain;

/// <summary>
/// Integer arithmetic on minor units. Intermediate products use <see cref="Int128"/>, so a rate times a
/// large amount never overflows; every rounding is half away from zero on non-negative amounts.
/// </summary>
internal static class MinorUnits
{
    public const int BasisPoints = 10_000;

    /// <summary><paramref name="amount"/> × <paramref name="numerator"/> / <paramref name="denominator"/>, rounded half up.</summary>
    public static long MulDiv(long amount, long numerator, long denominator)
    {
        if (amount < 0 || numerator < 0 || denominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "Minor-unit arithmetic takes non-negative amounts.");
        }
        var product = (Int128)amount * numerator;
        return (long)((product + (denominator / 2)) / denominator);
    }

    /// <summary>A share of <paramref name="amount"/> in basis points, rounded half up.</summary>
    public static long Percent(long amount, int basisPoints) => MulDiv(amount, basisPoints, BasisPoints);

    /// <summary>Tax included in a gross amount: gross × rate / (1 + rate), rounded half up.</summary>
    public static long IncludedTax(long gross, int basisPoints) => MulDiv(gross, basisPoints, BasisPoints + basisPoints);

    /// <summary>Tax added to a net amount: net × rate, rounded half up.</summary>
    public static long AddedTax(long net, int basisPoints) => Percent(net, basisPoints);

    /// <summary>
    /// Splits <paramref name="amount"/> across <paramref name="weights"/> in proportion, with the
    /// largest-remainder method: each share is the floor of its exact share, and the units left over go
    /// one each to the largest fractional parts (ties to the earlier index). The shares add up to
    /// <paramref name="amount"/> exactly, and when <paramref name="amount"/> is at most the sum of the
    /// weights no share exceeds its weight.
    /// </summary>
    public static long[] Allocate(long amount, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var shares = new long[weights.Count];
        Int128 total = 0;
        foreach (var weight in weights)
        {
            if (weight < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), "Weights are non-negative.");
            }
            total += weight;
        }
        if (amount <= 0 || total == 0)
        {
            return shares;
        }
        var remainders = new Int128[weights.Count];
        long allocated = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (Int128)amount * weights[i];
            shares[i] = (long)(exact / total);
            remainders[i] = exact % total;
            allocated += shares[i];
        }
        var left = amount - allocated;
        if (left > 0)
        {
            var order = Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
            for (var k = 0; k < left; k++)
            {
                shares[order[k]]++;
            }
        }
        return shares;
    }
}
