using Meridian.Customers.Domain;

namespace Meridian.Customers.Tests.Domain;

public sealed class RefreshTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void an_issued_token_stores_only_the_hash_of_a_256_bit_value_for_thirty_days()
    {
        var (token, value) = RefreshToken.Issue("cus_x", Now);

        Assert.True(RefreshToken.LooksValid(value));
        Assert.Equal(32, Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal(RefreshToken.HashOf(value), token.Hash);
        Assert.NotEqual(value, token.Hash);
        Assert.Equal(token.Id, token.FamilyId);
        Assert.Equal(Now.AddDays(30), token.ExpiresAt);
        Assert.True(token.IsActiveAt(Now));
        Assert.False(token.IsActiveAt(Now.AddDays(30)));
    }

    [Fact]
    public void rotation_revokes_the_old_token_and_issues_a_new_one_of_the_same_family()
    {
        var (first, firstValue) = RefreshToken.Issue("cus_x", Now);

        var (second, secondValue) = first.Rotate(Now.AddHours(1));

        Assert.NotEqual(firstValue, secondValue);
        Assert.Equal(first.FamilyId, second.FamilyId);
        Assert.Equal(second.Id, first.ReplacedById);
        Assert.True(first.WasRotated);
        Assert.Equal(RevocationReasons.Rotated, first.RevokedReason);
        Assert.False(first.IsActiveAt(Now.AddHours(1)));
        Assert.True(second.IsActiveAt(Now.AddHours(1)));
        Assert.Equal(Now.AddHours(1).AddDays(30), second.ExpiresAt);
    }

    [Fact]
    public void a_revoked_or_expired_token_cannot_be_rotated()
    {
        var (revoked, _) = RefreshToken.Issue("cus_x", Now);
        revoked.Revoke(Now, RevocationReasons.SignedOut);
        var (expired, _) = RefreshToken.Issue("cus_x", Now);

        Assert.Throws<InvalidOperationException>(() => revoked.Rotate(Now));
        Assert.Throws<InvalidOperationException>(() => expired.Rotate(Now.AddDays(31)));
    }

    [Fact]
    public void revoking_twice_keeps_the_first_time_and_reason()
    {
        var (token, _) = RefreshToken.Issue("cus_x", Now);
        token.Revoke(Now, RevocationReasons.SignedOut);
        token.Revoke(Now.AddDays(1), RevocationReasons.ReuseDetected);

        Assert.Equal(Now, token.RevokedAt);
        Assert.Equal(RevocationReasons.SignedOut, token.RevokedReason);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData(null)]
    public void a_malformed_value_is_refused_before_any_lookup(string? value) => Assert.False(RefreshToken.LooksValid(value));
}
