using Meridian.Customers.Domain;

namespace Meridian.Customers.Tests.Domain;

public sealed class ConsentLedgerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void the_latest_entry_of_a_purpose_is_its_current_state()
    {
        var history = new[]
        {
            Entry(ConsentPurposes.MarketingEmail, true, Start, "v1"),
            Entry(ConsentPurposes.MarketingEmail, false, Start.AddDays(1), "v2"),
            Entry(ConsentPurposes.Analytics, true, Start.AddDays(2), "v2"),
        };

        var current = ConsentLedger.CurrentState(history);

        var email = current.Single(c => c.Purpose == ConsentPurposes.MarketingEmail);
        Assert.False(email.Granted);
        Assert.Equal("v2", email.TermsVersion);
        Assert.True(current.Single(c => c.Purpose == ConsentPurposes.Analytics).Granted);
    }

    [Fact]
    public void the_order_of_the_history_given_does_not_matter()
    {
        var grant = Entry(ConsentPurposes.Terms, true, Start.AddDays(1), "v2");
        var older = Entry(ConsentPurposes.Terms, false, Start, "v1");

        Assert.True(ConsentLedger.CurrentState([grant, older]).Single(c => c.Purpose == ConsentPurposes.Terms).Granted);
    }

    [Fact]
    public void a_purpose_never_recorded_is_not_granted_and_every_known_purpose_is_listed()
    {
        var current = ConsentLedger.CurrentState([]);

        Assert.Equal(ConsentPurposes.All, current.Select(c => c.Purpose));
        Assert.All(current, c => Assert.False(c.Granted));
        Assert.All(current, c => Assert.Null(c.RecordedAt));
    }

    [Theory]
    [InlineData("marketing_email", true)]
    [InlineData("terms", true)]
    [InlineData("Marketing_Email", false)]
    [InlineData("everything", false)]
    [InlineData(null, false)]
    public void only_known_purposes_are_accepted(string? purpose, bool known) =>
        Assert.Equal(known, ConsentPurposes.IsKnown(purpose));

    private static ConsentEntry Entry(string purpose, bool granted, DateTimeOffset at, string terms) => new()
    {
        Id = Meridian.SharedKernel.Ids.New("cons"),
        CustomerId = "cus_x",
        Purpose = purpose,
        Granted = granted,
        TermsVersion = terms,
        Source = "chan_web",
        RecordedAt = at,
    };
}
