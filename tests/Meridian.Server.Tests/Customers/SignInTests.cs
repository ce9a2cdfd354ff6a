using System.Net;

using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Customers;

[Collection(ServerCollection.Name)]
public sealed class SignInTests(MeridianApp app)
{
    [Fact]
    public async Task a_password_sign_in_returns_a_short_lived_bearer_token_and_a_refresh_token()
    {
        var email = CustomerSteps.NewEmail();
        var profile = await (await app.Client().PostJson("/v1/customers", CustomerSteps.Registration(email))).ShouldBe(HttpStatusCode.Created);

        var tokens = await (await app.Client().SignIn(" " + email.ToUpperInvariant())).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.Equal(900, tokens.GetProperty("expiresIn").GetInt32());
        Assert.Equal(30 * 24 * 3600, tokens.GetProperty("refreshTokenExpiresIn").GetInt32());
        var claims = CustomerSteps.PayloadOf(tokens.GetProperty("accessToken").GetString()!);
        Assert.Equal(profile.GetProperty("id").GetString(), claims.GetProperty("sub").GetString());
        Assert.Equal("eu-central", claims.GetProperty("home_region").GetString());
        Assert.Equal(900, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.DoesNotContain(email, claims.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_wrong_password_and_an_unknown_email_get_the_same_401()
    {
        var shopper = await app.Client().NewShopper();

        var wrongPassword = await (await app.Client().SignIn(shopper.Email, "not the passphrase")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        var unknownEmail = await (await app.Client().SignIn(CustomerSteps.NewEmail())).ShouldBeProblem(HttpStatusCode.Unauthorized);

        Assert.Equal(wrongPassword.GetProperty("type").GetString(), unknownEmail.GetProperty("type").GetString());
        Assert.Equal(wrongPassword.GetProperty("detail").GetString(), unknownEmail.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"grantType\": \"client_credentials\"}", "grantType")]
    [InlineData("{\"grantType\": \"password\", \"email\": \"a@example.com\"}", "password")]
    [InlineData("{\"grantType\": \"password\", \"password\": \"x\"}", "email")]
    [InlineData("{\"grantType\": \"refresh_token\"}", "refreshToken")]
    [InlineData("{\"grantType\": \"refresh_token\", \"refreshToken\": \"x\", \"password\": \"y\"}", "password")]
    public async Task a_malformed_token_request_is_400_with_a_field_error(string body, string field)
    {
        var response = await app.Client().PostRaw("/v1/customers/token", body);
        await response.ShouldBeInvalid(field);
    }

    [Fact]
    public async Task a_refresh_rotates_the_token_and_the_new_pair_works()
    {
        var shopper = await app.Client().NewShopper();

        var rotated = await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBe(HttpStatusCode.OK);

        var newRefresh = rotated.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(shopper.RefreshToken, newRefresh);
        var me = await (await app.Client(bearer: rotated.GetProperty("accessToken").GetString()).GetAsync("/v1/customers/me")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(shopper.Id, me.GetProperty("id").GetString());
        await (await app.Client().Refresh(newRefresh)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task presenting_a_rotated_refresh_token_again_revokes_the_whole_family()
    {
        var shopper = await app.Client().NewShopper();
        var rotated = await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBe(HttpStatusCode.OK);
        var current = rotated.GetProperty("refreshToken").GetString()!;

        var replay = await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized);

        Assert.EndsWith("/invalid-grant", replay.GetProperty("type").GetString(), StringComparison.Ordinal);
        await (await app.Client().Refresh(current)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        var export = await (await app.Client(bearer: shopper.AccessToken).GetAsync("/v1/customers/me/export")).ShouldBe(HttpStatusCode.OK);
        var sessions = export.GetProperty("signIn").GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, s.GetProperty("revokedAt").ValueKind));
        Assert.Contains(sessions, s => s.GetProperty("revokedReason").GetString() == "reuse_detected");
    }

    [Fact]
    public async Task a_sign_in_elsewhere_is_not_revoked_by_reuse_in_another_family()
    {
        var shopper = await app.Client().NewShopper();
        var other = await (await app.Client().SignIn(shopper.Email)).ShouldBe(HttpStatusCode.OK);
        await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBe(HttpStatusCode.OK);
        await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized);

        await (await app.Client().Refresh(other.GetProperty("refreshToken").GetString()!)).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task an_unknown_refresh_token_is_401(string token)
    {
        await (await app.Client().Refresh(token)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task revoking_a_refresh_token_signs_out_that_session()
    {
        var shopper = await app.Client().NewShopper();

        var response = await app.Client().PostJson("/v1/customers/token/revoke", new { refreshToken = shopper.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task revoking_an_unknown_token_is_204_and_an_empty_one_is_400()
    {
        var unknown = await app.Client().PostJson("/v1/customers/token/revoke", new { refreshToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
        Assert.Equal(HttpStatusCode.NoContent, unknown.StatusCode);
        await (await app.Client().PostJson("/v1/customers/token/revoke", new { refreshToken = "" })).ShouldBeInvalid("refreshToken");
    }
}
