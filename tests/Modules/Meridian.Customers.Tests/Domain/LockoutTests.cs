using Meridian.Customers.Domain;

namespace Meridian.Customers.Tests.Domain;

public sealed class LockoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void four_failures_in_a_row_do_not_lock()
    {
        var customer = TestCustomers.New();
        for (var i = 0; i < 4; i++)
        {
            customer.RecordFailedSignIn(Now);
        }
        Assert.False(customer.IsLockedAt(Now));
        Assert.Equal(4, customer.FailedSignIns);
    }

    [Fact]
    public void the_fifth_failure_locks_for_fifteen_minutes()
    {
        var customer = TestCustomers.New();
        for (var i = 0; i < 5; i++)
        {
            customer.RecordFailedSignIn(Now);
        }
        Assert.True(customer.IsLockedAt(Now));
        Assert.True(customer.IsLockedAt(Now.AddMinutes(15).AddTicks(-1)));
        Assert.False(customer.IsLockedAt(Now.AddMinutes(15)));
    }

    [Fact]
    public void a_success_resets_the_count()
    {
        var customer = TestCustomers.New();
        for (var i = 0; i < 4; i++)
        {
            customer.RecordFailedSignIn(Now);
        }
        customer.RecordSuccessfulSignIn(Now);
        customer.RecordFailedSignIn(Now);

        Assert.Equal(1, customer.FailedSignIns);
        Assert.False(customer.IsLockedAt(Now));
        Assert.Equal(Now, customer.LastSignInAt);
    }

    [Fact]
    public void after_a_lock_runs_out_the_count_starts_again()
    {
        var customer = TestCustomers.New();
        for (var i = 0; i < 5; i++)
        {
            customer.RecordFailedSignIn(Now);
        }
        var later = Now + Lockout.Duration;
        for (var i = 0; i < 4; i++)
        {
            customer.RecordFailedSignIn(later);
        }
        Assert.False(customer.IsLockedAt(later));
        customer.RecordFailedSignIn(later);
        Assert.True(customer.IsLockedAt(later));
    }

    [Fact]
    public void every_change_moves_the_concurrency_version()
    {
        var customer = TestCustomers.New();
        customer.RecordFailedSignIn(Now);
        customer.RecordSuccessfulSignIn(Now);
        Assert.Equal(2, customer.Version);
    }
}

internal static class TestCustomers
{
    public static Customer New() => new()
    {
        Id = Meridian.SharedKernel.Ids.New("cus"),
        Email = "ada@example.com",
        FirstName = "Ada",
        LastName = "Lovelace",
        Phone = "+44 20 7946 0000",
        Country = "GB",
        HomeRegion = "eu-central",
        Jurisdiction = "EU",
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };
}
