namespace Meridian.Bench;

/// <summary>
/// A log-linear histogram of latencies in microseconds (HdrHistogram's idea, in 50 lines): exact
/// below 2 ms, then 1,024 buckets per power of two, so any recorded value is off by under 0.1%.
/// Its size is fixed whatever the request count, so a long run cannot grow the generator's memory.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 1024;
    private const int LinearLimit = 2 * SubBuckets;
    private const int MaxShift = 30;

    private readonly long[] _counts = new long[LinearLimit + (MaxShift * SubBuckets)];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public long SumMicroseconds { get; private set; }

    public double MeanMilliseconds => Count == 0 ? 0 : SumMicroseconds / 1000.0 / Count;

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        _counts[IndexOf(value)]++;
        Count++;
        SumMicroseconds += value;
        MaxMicroseconds = Math.Max(MaxMicroseconds, value);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
        SumMicroseconds += other.SumMicroseconds;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The smallest recorded value that at least <paramref name="percentile"/>% of the values do not exceed.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return Math.Min(UpperBoundOf(i), MaxMicroseconds) / 1000.0;
            }
        }
        return MaxMicroseconds / 1000.0;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }
        var shift = (int)Math.Min(MaxShift, 64 - long.LeadingZeroCount(value) - 11);
        var sub = Math.Min((value >> shift) - SubBuckets, SubBuckets - 1);
        return LinearLimit + ((shift - 1) * SubBuckets) + (int)sub;
    }

    private static long UpperBoundOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }
        var shift = ((index - LinearLimit) / SubBuckets) + 1;
        var sub = (index - LinearLimit) % SubBuckets;
        return ((SubBuckets + sub + 1L) << shift) - 1;
    }
}
