using System.Net;
using System.Text.Json;

using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Customers;

[Collection(ServerCollection.Name)]
public sealed class ConsentTests(MeridianApp app)
{
    [Fact]
    public async Task a_withdrawal_is_appended_and_the_grant_before_it_is_kept()
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);

        await (await client.PutJson("/v1/customers/me/consents", new { purpose = "marketing_email", granted = true, termsVersion = "2026-01" })).ShouldBe(HttpStatusCode.OK);
        var consents = await (await client.PutJson("/v1/customers/me/consents", new { purpose = "marketing_email", granted = false, termsVersion = "2026-02" }))
            .ShouldBe(HttpStatusCode.OK);

        var history = consents.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.True(history[0].GetProperty("granted").GetBoolean());
        Assert.Equal("2026-01", history[0].GetProperty("termsVersion").GetString());
        Assert.False(history[1].GetProperty("granted").GetBoolean());
        var current = Current(consents, "marketing_email");
        Assert.False(current.GetProperty("granted").GetBoolean());
        Assert.Equal("2026-02", current.GetProperty("termsVersion").GetString());

        var fetched = await (await client.GetAsync("/v1/customers/me/consents")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, fetched.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task every_known_purpose_has_a_current_state_and_unrecorded_means_not_granted()
    {
        var shopper = await app.Client().NewShopper();

        var consents = await (await app.Client(bearer: shopper.AccessToken).GetAsync("/v1/customers/me/consents")).ShouldBe(HttpStatusCode.OK);

        var purposes = consents.GetProperty("current").EnumerateArray().Select(c => c.GetProperty("purpose").GetString()).ToList();
        Assert.Equal(["marketing_email", "marketing_sms", "personalization", "analytics", "terms"], purposes);
        Assert.All(consents.GetProperty("current").EnumerateArray(), c => Assert.False(c.GetProperty("granted").GetBoolean()));
        Assert.Equal(0, consents.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task the_source_defaults_to_the_channel_of_the_api_key_and_can_be_named()
    {
        var shopper = await app.Client().NewShopper();

        var web = await (await app.Client(MeridianApp.WebKey, shopper.AccessToken)
            .PutJson("/v1/customers/me/consents", new { purpose = "analytics", granted = true, termsVersion = "v1" })).ShouldBe(HttpStatusCode.OK);
        var kiosk = await (await app.Client(MeridianApp.KioskKey, shopper.AccessToken)
            .PutJson("/v1/customers/me/consents", new { purpose = "terms", granted = true, termsVersion = "v1" })).ShouldBe(HttpStatusCode.OK);
        var named = await (await app.Client(MeridianApp.WebKey, shopper.AccessToken)
            .PutJson("/v1/customers/me/consents", new { purpose = "personalization", granted = true, termsVersion = "v1", source = "paper-form" })).ShouldBe(HttpStatusCode.OK);

        var webSource = Current(web, "analytics").GetProperty("source").GetString()!;
        var kioskSource = Current(kiosk, "terms").GetProperty("source").GetString()!;
        Assert.StartsWith("chan_", webSource, StringComparison.Ordinal);
        Assert.StartsWith("chan_", kioskSource, StringComparison.Ordinal);
        Assert.NotEqual(webSource, kioskSource);
        Assert.Equal("paper-form", Current(named, "personalization").GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("{\"purpose\": \"selling_my_soul\", \"granted\": true, \"termsVersion\": \"v1\"}", "purpose")]
    [InlineData("{\"purpose\": \"analytics\", \"granted\": true, \"termsVersion\": \" \"}", "termsVersion")]
    [InlineData("{\"purpose\": \"analytics\", \"termsVersion\": \"v1\"}", "$")]
    [InlineData("{\"purpose\": \"analytics\", \"granted\": \"yes\", \"termsVersion\": \"v1\"}", "granted")]
    public async Task a_bad_consent_is_400_and_records_nothing(string body, string field)
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);

        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/customers/me/consents")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        await (await client.SendAsync(request)).ShouldBeInvalid(field);

        var consents = await (await client.GetAsync("/v1/customers/me/consents")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, consents.GetProperty("history").GetArrayLength());
    }

    private static JsonElement Current(JsonElement consents, string purpose) =>
        consents.GetProperty("current").EnumerateArray().Single(c => c.GetProperty("purpose").GetString() == purpose);
}
