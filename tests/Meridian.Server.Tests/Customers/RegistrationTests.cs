using System.Net;

using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Customers;

[Collection(ServerCollection.Name)]
public sealed class RegistrationTests(MeridianApp app)
{
    [Fact]
    public async Task registering_returns_the_profile_with_its_home_region_and_never_the_password()
    {
        var email = CustomerSteps.NewEmail();

        var response = await app.Client().PostJson("/v1/customers",
            new { email = "  " + email.ToUpperInvariant() + " ", password = CustomerSteps.Password, firstName = " Ada ", lastName = "Lovelace", country = "de" });

        var profile = await response.ShouldBe(HttpStatusCode.Created);
        Assert.StartsWith("cus_", profile.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(email, profile.GetProperty("email").GetString());
        Assert.Equal("Ada", profile.GetProperty("firstName").GetString());
        Assert.Equal("DE", profile.GetProperty("country").GetString());
        Assert.Equal("eu-central", profile.GetProperty("homeRegion").GetString());
        Assert.Equal("EU", profile.GetProperty("jurisdiction").GetString());
        Assert.Equal("active", profile.GetProperty("status").GetString());
        Assert.DoesNotContain("password", profile.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CustomerSteps.Password, profile.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_email_registers_once_whatever_its_case_and_the_conflict_says_little()
    {
        var email = CustomerSteps.NewEmail();
        await (await app.Client().PostJson("/v1/customers", CustomerSteps.Registration(email))).ShouldBe(HttpStatusCode.Created);

        var again = await app.Client().PostJson("/v1/customers", CustomerSteps.Registration(email.ToUpperInvariant()));

        var problem = await again.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.DoesNotContain(email, problem.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("not-an-email", "a long enough passphrase", "Ada", "DE", "email")]
    [InlineData("VALID", "short", "Ada", "DE", "password")]
    [InlineData("VALID", "a long enough passphrase", "   ", "DE", "firstName")]
    [InlineData("VALID", "a long enough passphrase", "Ada", "Germany", "country")]
    [InlineData("VALID", "a long enough passphrase", "Ada", "D1", "country")]
    public async Task a_bad_registration_is_400_with_a_field_error_and_creates_nobody(
        string email, string password, string firstName, string country, string field)
    {
        var address = email == "VALID" ? CustomerSteps.NewEmail() : email;

        var response = await app.Client().PostJson("/v1/customers", new { email = address, password, firstName, lastName = "Lovelace", country });

        await response.ShouldBeInvalid(field);
        await (await app.Client().SignIn(address, password)).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_password_longer_than_128_characters_is_refused()
    {
        var response = await app.Client().PostJson("/v1/customers",
            new { email = CustomerSteps.NewEmail(), password = new string('x', 129), firstName = "Ada", lastName = "Lovelace" });
        await response.ShouldBeInvalid("password");
    }

    [Fact]
    public async Task a_missing_required_field_or_an_unknown_one_is_400()
    {
        await (await app.Client().PostJson("/v1/customers", new { email = CustomerSteps.NewEmail(), password = CustomerSteps.Password, firstName = "Ada" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await app.Client().PostJson("/v1/customers",
                new { email = CustomerSteps.NewEmail(), password = CustomerSteps.Password, firstName = "Ada", lastName = "L", isAdmin = true }))
            .ShouldBeInvalid("isAdmin");
    }

    [Fact]
    public async Task registering_without_an_api_key_is_401()
    {
        var response = await app.Client(apiKey: null).PostJson("/v1/customers", CustomerSteps.Registration(CustomerSteps.NewEmail()));
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_customer_endpoints_are_in_the_openapi_document()
    {
        var document = await (await app.Client(apiKey: null).GetAsync("/openapi/v1.json")).ShouldBe(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/customers", "/v1/customers/token", "/v1/customers/me", "/v1/customers/me/addresses/{id}", "/v1/customers/me/consents", "/v1/customers/me/export" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
    }
}
