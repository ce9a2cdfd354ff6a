using System.Net;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Hosting;

[Collection(ServerCollection.Name)]
public sealed class CrossCuttingTests(MeridianApp app)
{
    [Fact]
    public async Task every_response_names_its_region_and_a_request_id()
    {
        var response = await app.Client(apiKey: null).GetAsync("/health/live");
        Assert.Equal("eu-central", response.Headers.GetValues("X-Meridian-Region").Single());
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-Id").Single()));
    }

    [Fact]
    public async Task a_well_formed_request_id_is_echoed_and_a_hostile_one_replaced()
    {
        var client = app.Client();
        using var good = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        good.Headers.Add("X-Request-Id", "kiosk-7.retry-2");
        Assert.Equal("kiosk-7.retry-2", (await client.SendAsync(good)).Headers.GetValues("X-Request-Id").Single());

        using var bad = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        bad.Headers.TryAddWithoutValidation("X-Request-Id", "<script>");
        Assert.NotEqual("<script>", (await client.SendAsync(bad)).Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task health_endpoints_answer_without_a_key()
    {
        await (await app.Client(apiKey: null).GetAsync("/health/live")).ShouldBe(HttpStatusCode.OK);
        await (await app.Client(apiKey: null).GetAsync("/health/ready")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_openapi_document_and_the_reference_are_served()
    {
        var document = await (await app.Client(apiKey: null).GetAsync("/openapi/v1.json")).ShouldBe(HttpStatusCode.OK);
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/admin/channels", out _));
        var docs = await app.Client(apiKey: null).GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("Meridian", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unknown_route_is_a_404_problem()
    {
        await (await app.Client().GetAsync("/v1/nothing-here")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{", "$")]
    [InlineData("{\"name\": \"x\", \"kind\": \"web\", \"handle\": \"ok\", \"extra\": 1}", "extra")]
    [InlineData("{\"name\": 12, \"kind\": \"web\", \"handle\": \"ok\"}", "name")]
    [InlineData("{\"name\": null, \"kind\": \"web\", \"handle\": \"ok\"}", "name")]
    [InlineData("{\"kind\": \"web\", \"handle\": \"ok\"}", "$")]
    public async Task malformed_json_is_a_400_with_a_field_error_and_changes_nothing(string body, string field)
    {
        var admin = app.Admin();
        var before = (await admin.GetStringAsync("/v1/admin/channels")).Length;

        var response = await admin.PostRaw("/v1/admin/channels", body);

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("Meridian.", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, (await admin.GetStringAsync("/v1/admin/channels")).Length);
    }

    [Fact]
    public async Task a_missing_body_is_a_400_problem()
    {
        var response = await app.Admin().PostAsync("/v1/admin/channels", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        await response.ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
