using Meridian.Pricing.Domain;

namespace Meridian.Pricing.Tests;

public sealed class MinorUnitsTests
{
    [Fact]
    public void largest_remainder_gives_the_leftover_cents_to_the_largest_fractions()
    {
        Assert.Equal([34, 33, 33], MinorUnits.Allocate(100, [1, 1, 1]));
        Assert.Equal([1, 2], MinorUnits.Allocate(3, [1, 2]));
        Assert.Equal([0, 0, 0], MinorUnits.Allocate(0, [5, 5, 5]));
        Assert.Equal([0, 7], MinorUnits.Allocate(7, [0, 10]));
    }

    [Fact]
    public void an_allocation_adds_up_and_no_share_exceeds_its_weight()
    {
        var random = new Random(7);
        for (var run = 0; run < 2000; run++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.NextInt64(0, 1_000_000_000_000)).ToArray();
            var amount = random.NextInt64(0, weights.Sum() + 1);

            var shares = MinorUnits.Allocate(amount, weights);

            Assert.Equal(amount, shares.Sum());
            Assert.All(shares.Zip(weights), s => Assert.InRange(s.First, 0, s.Second));
        }
    }

    [Fact]
    public void rounding_is_half_up_and_never_overflows()
    {
        Assert.Equal(1, MinorUnits.Percent(5, 1000));
        Assert.Equal(0, MinorUnits.Percent(4, 1000));
        Assert.Equal(1900, MinorUnits.IncludedTax(11900, 1900));
        Assert.Equal(long.MaxValue / 2 + 1, MinorUnits.Percent(long.MaxValue, 5000));
    }
}
