using System.Net;
using System.Text;

using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Customers;

[Collection(ServerCollection.Name)]
public sealed class ProfileTests(MeridianApp app)
{
    [Fact]
    public async Task me_without_a_bearer_token_is_401()
    {
        var response = await app.Client().GetAsync("/v1/customers/me");
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task me_with_a_bearer_token_but_no_api_key_is_401()
    {
        var shopper = await app.Client().NewShopper();
        await (await app.Client(apiKey: null, bearer: shopper.AccessToken).GetAsync("/v1/customers/me")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_tampered_token_is_401()
    {
        var shopper = await app.Client().NewShopper();
        var other = await app.Client().NewShopper();
        var parts = shopper.AccessToken.Split('.');
        var forgedClaims = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"sub\":\"{other.Id}\",\"home_region\":\"eu-central\"}}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var response = await app.Client(bearer: $"{parts[0]}.{forgedClaims}.{parts[2]}").GetAsync("/v1/customers/me");

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task me_returns_the_signed_in_customers_own_profile()
    {
        var shopper = await app.Client().NewShopper();

        var me = await (await app.Client(bearer: shopper.AccessToken).GetAsync("/v1/customers/me")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(shopper.Id, me.GetProperty("id").GetString());
        Assert.Equal(shopper.Email, me.GetProperty("email").GetString());
        Assert.Equal(shopper.FirstName, me.GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task patch_changes_only_the_fields_sent_and_an_empty_phone_removes_it()
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);

        var changed = await (await client.PatchJson("/v1/customers/me", new { firstName = "Augusta", phone = "+49 30 1234567" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Augusta", changed.GetProperty("firstName").GetString());
        Assert.Equal(shopper.LastName, changed.GetProperty("lastName").GetString());
        Assert.Equal("+49 30 1234567", changed.GetProperty("phone").GetString());

        var cleared = await (await client.PatchJson("/v1/customers/me", new { phone = "" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("phone").ValueKind);
        Assert.Equal("Augusta", cleared.GetProperty("firstName").GetString());
    }

    [Theory]
    [InlineData("{\"firstName\": \"  \"}", "firstName")]
    [InlineData("{\"phone\": \"call me maybe\"}", "phone")]
    [InlineData("{\"email\": \"new@example.com\"}", "email")]
    public async Task a_bad_patch_is_400_and_changes_nothing(string body, string field)
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);

        using var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/customers/me") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        await (await client.SendAsync(request)).ShouldBeInvalid(field);

        var me = await (await client.GetAsync("/v1/customers/me")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(shopper.FirstName, me.GetProperty("firstName").GetString());
        Assert.Equal(shopper.Email, me.GetProperty("email").GetString());
    }
}
