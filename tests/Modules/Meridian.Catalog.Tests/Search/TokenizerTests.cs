using Meridian.Catalog.Search;

namespace Meridian.Catalog.Tests.Search;

public sealed class TokenizerTests
{
    [Fact]
    public void text_is_split_lower_cased_and_stripped_of_accents()
    {
        Assert.Equal(["cafe", "creme", "t", "shirt", "42"], Tokenizer.Tokenize("Café CRÈME  T-shirt, 42!"));
    }

    [Fact]
    public void empty_text_has_no_terms()
    {
        Assert.Empty(Tokenizer.Tokenize(null));
        Assert.Empty(Tokenizer.Tokenize(" -- "));
    }

    [Theory]
    [InlineData("sweater", "sweater", 0)]
    [InlineData("sweater", "swaeter", 1)]
    [InlineData("sweater", "sweatr", 1)]
    [InlineData("sweater", "sweaters", 1)]
    [InlineData("sweater", "swetaer", 1)]
    [InlineData("linen", "lemon", 3)]
    public void distance_counts_typos_and_a_swapped_pair_as_one(string a, string b, int expected)
    {
        Assert.Equal(expected, Tokenizer.BoundedDistance(a, b, 2));
    }

    [Fact]
    public void distance_stops_early_beyond_the_bound()
    {
        Assert.Equal(2, Tokenizer.BoundedDistance("merino", "bamboo", 1));
    }
}
