using System.Net;
using System.Text;
using System.Text.Json;

using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Customers;

/// <summary>A registered, signed-in customer made by a test for itself.</summary>
public sealed record Shopper(string Id, string Email, string FirstName, string LastName, string AccessToken, string RefreshToken);

/// <summary>The steps customer tests share, so a test reads as the behaviour it checks.</summary>
public static class CustomerSteps
{
    public const string Password = "a long enough passphrase";

    public static string NewEmail() => $"{HttpAssertions.Unique("shopper")}@example.com";

    public static object Registration(string email, string? firstName = null, string? lastName = null) =>
        new { email, password = Password, firstName = firstName ?? HttpAssertions.Unique("Ada"), lastName = lastName ?? HttpAssertions.Unique("Lovelace"), country = "DE" };

    public static Task<HttpResponseMessage> SignIn(this HttpClient client, string email, string password = Password) =>
        client.PostJson("/v1/customers/token", new { grantType = "password", email, password });

    public static Task<HttpResponseMessage> Refresh(this HttpClient client, string refreshToken) =>
        client.PostJson("/v1/customers/token", new { grantType = "refresh_token", refreshToken });

    /// <summary>Registers with a unique email and names, then signs in.</summary>
    public static async Task<Shopper> NewShopper(this HttpClient client)
    {
        var email = NewEmail();
        var firstName = HttpAssertions.Unique("Ada");
        var lastName = HttpAssertions.Unique("Lovelace");
        var profile = await (await client.PostJson("/v1/customers", Registration(email, firstName, lastName))).ShouldBe(HttpStatusCode.Created);
        var tokens = await (await client.SignIn(email)).ShouldBe(HttpStatusCode.OK);
        return new Shopper(
            profile.GetProperty("id").GetString()!, email, firstName, lastName,
            tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body) =>
        client.PutAsync(url, new StringContent(JsonSerializer.Serialize(body, HttpAssertions.Json), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PatchJson(this HttpClient client, string url, object body) =>
        client.PatchAsync(url, new StringContent(JsonSerializer.Serialize(body, HttpAssertions.Json), Encoding.UTF8, "application/json"));

    /// <summary>The claims of a JWT, read without validating it.</summary>
    public static JsonElement PayloadOf(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.Clone();
    }

    public static object HomeAddress(string? line1 = null) =>
        new { firstName = "Ada", lastName = "Lovelace", line1 = line1 ?? HttpAssertions.Unique("Street"), city = "Berlin", postalCode = "10115", country = "de" };
}
