using System.Net;

using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Customers;

/// <summary>Time-bound rules, checked by moving the Server's clock rather than by waiting.</summary>
[Collection(ClockedServerCollection.Name)]
public sealed class LockoutAndExpiryTests(ClockedMeridianApp app)
{
    [Fact]
    public async Task five_wrong_passwords_lock_the_account_with_429_and_retry_after_until_the_time_has_passed()
    {
        var shopper = await app.Client().NewShopper();
        for (var i = 0; i < 5; i++)
        {
            await (await app.Client().SignIn(shopper.Email, "wrong passphrase")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        }

        var locked = await app.Client().SignIn(shopper.Email);

        var problem = await locked.ShouldBeProblem(HttpStatusCode.TooManyRequests);
        Assert.EndsWith("/account-locked", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(15), locked.Headers.RetryAfter?.Delta);

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        var later = await app.Client().SignIn(shopper.Email);
        await later.ShouldBeProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromMinutes(1), later.Headers.RetryAfter?.Delta);

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await (await app.Client().SignIn(shopper.Email)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_successful_sign_in_resets_the_count_of_failures()
    {
        var shopper = await app.Client().NewShopper();
        for (var i = 0; i < 4; i++)
        {
            await (await app.Client().SignIn(shopper.Email, "wrong passphrase")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        }
        await (await app.Client().SignIn(shopper.Email)).ShouldBe(HttpStatusCode.OK);

        for (var i = 0; i < 4; i++)
        {
            await (await app.Client().SignIn(shopper.Email, "wrong passphrase")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        }

        await (await app.Client().SignIn(shopper.Email)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task an_access_token_stops_working_after_fifteen_minutes_and_a_refresh_gets_a_new_one()
    {
        var shopper = await app.Client().NewShopper();
        await (await app.Client(bearer: shopper.AccessToken).GetAsync("/v1/customers/me")).ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(16));

        await (await app.Client(bearer: shopper.AccessToken).GetAsync("/v1/customers/me")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        var refreshed = await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBe(HttpStatusCode.OK);
        await (await app.Client(bearer: refreshed.GetProperty("accessToken").GetString()).GetAsync("/v1/customers/me")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_refresh_token_expires_after_thirty_days()
    {
        var shopper = await app.Client().NewShopper();

        app.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));

        await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }
}
