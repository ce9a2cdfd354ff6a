using Meridian.Customers.Domain;

namespace Meridian.Customers.Tests.Domain;

public sealed class ErasureTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void erasure_removes_every_personal_field_and_keeps_the_id_and_home_region()
    {
        var customer = TestCustomers.New();
        var passwords = new Passwords();
        customer.PasswordHash = passwords.Hash(customer, "a long enough passphrase");
        customer.RecordSuccessfulSignIn(Now);
        var id = customer.Id;
        var email = customer.Email;

        customer.Erase(Now, Emails.ErasedPseudonym());

        Assert.Equal(id, customer.Id);
        Assert.Equal("eu-central", customer.HomeRegion);
        Assert.True(customer.IsErased);
        Assert.Equal(Now, customer.ErasedAt);
        Assert.Null(customer.PasswordHash);
        Assert.Equal("", customer.FirstName);
        Assert.Equal("", customer.LastName);
        Assert.Null(customer.Phone);
        Assert.Null(customer.Country);
        Assert.Null(customer.LastSignInAt);
        // The pseudonym is random hex, so it may contain any short run of hex letters; what it must
        // not contain is the address or its local part.
        Assert.DoesNotContain(email, customer.Email, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email.Split('@')[0], customer.Email, StringComparison.OrdinalIgnoreCase);
        Assert.False(passwords.Verify(customer, "a long enough passphrase"));
    }

    [Fact]
    public void the_pseudonym_is_random_undeliverable_and_not_derived_from_the_address()
    {
        var first = Emails.ErasedPseudonym();
        var second = Emails.ErasedPseudonym();

        Assert.NotEqual(first, second);
        Assert.Matches("^erased\\+[0-9a-f]{32}@invalid$", first);
    }
}

public sealed class PasswordTests
{
    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void a_password_has_10_to_128_characters(int length, bool allowed) =>
        Assert.Equal(allowed, Passwords.FollowsRules(new string('x', length)));

    [Fact]
    public void a_hash_verifies_its_password_only_and_never_contains_it()
    {
        var passwords = new Passwords();
        var customer = TestCustomers.New();
        customer.PasswordHash = passwords.Hash(customer, "a long enough passphrase");

        Assert.DoesNotContain("passphrase", customer.PasswordHash, StringComparison.Ordinal);
        Assert.True(passwords.Verify(customer, "a long enough passphrase"));
        Assert.False(passwords.Verify(customer, "a long enough passphrasE"));
    }

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("a@b.co", true)]
    [InlineData("ada@example", false)]
    [InlineData("ada@@example.com", false)]
    [InlineData("ada example@example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("ada@.example.com", false)]
    public void an_email_must_look_like_one(string email, bool valid) =>
        Assert.Equal(valid, Emails.LooksValid(Emails.Normalize(email)));

    [Fact]
    public void emails_are_trimmed_and_lower_cased() =>
        Assert.Equal("ada@example.com", Emails.Normalize("  Ada@Example.COM "));
}
