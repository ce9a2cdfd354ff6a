using System.Net;
using System.Text.Json;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Webhooks;

/// <summary>
/// The endpoints admin API on a Server with default settings, where loopback is refused like every other
/// internal address. A literal address of TEST-NET-3 (RFC 5737: public, reserved for documentation, routed
/// nowhere) stands in for a receiver, so registration resolves nothing and no delivery could reach a real host;
/// tests delete what they create, so later events of this shared Server queue nothing for them.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WebhookAdminTests(MeridianApp app)
{
    private const string PublicUrl = "https://203.0.113.10/hooks/meridian";

    [Fact]
    public async Task an_endpoint_is_created_with_a_secret_shown_once_then_read_changed_and_deleted()
    {
        var admin = app.Admin();
        var created = await (await admin.PostJson("/v1/admin/webhooks", new { url = PublicUrl, eventTypes = new[] { "order.placed.v1", "customer.*" }, description = "ERP" }))
            .ShouldBe(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        var endpoint = created.GetProperty("endpoint");
        var id = endpoint.GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.InRange(Convert.FromBase64String(secret["whsec_".Length..]).Length, 24, 32);
        Assert.StartsWith("whep_", id, StringComparison.Ordinal);
        Assert.True(endpoint.GetProperty("enabled").GetBoolean());
        Assert.Equal(["order.placed.v1", "customer.*"], endpoint.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));

        var read = await (await admin.GetAsync($"/v1/admin/webhooks/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("ERP", read.GetProperty("description").GetString());
        Assert.DoesNotContain(secret["whsec_".Length..], read.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret\"", read.ToString(), StringComparison.Ordinal);

        var changed = await (await admin.PatchAsync($"/v1/admin/webhooks/{id}", JsonContent(new { eventTypes = new[] { "*" }, description = "", enabled = false })))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["*"], changed.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("description").ValueKind);
        Assert.False(changed.GetProperty("enabled").GetBoolean());
        Assert.Equal(PublicUrl, changed.GetProperty("url").GetString());
        Assert.Contains("operator", changed.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);

        Assert.Empty((await (await admin.GetAsync($"/v1/admin/webhooks/{id}/deliveries")).ShouldBe(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        await (await admin.DeleteAsync($"/v1/admin/webhooks/{id}")).ShouldBe(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"/v1/admin/webhooks/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_list_pages_by_cursor()
    {
        var admin = app.Admin();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await (await admin.PostJson("/v1/admin/webhooks", new { url = PublicUrl, eventTypes = new[] { "*" } })).ShouldBe(HttpStatusCode.Created);
            ids.Add(created.GetProperty("endpoint").GetProperty("id").GetString()!);
        }
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/v1/admin/webhooks?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).ShouldBe(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            Assert.InRange(items.Count, 1, 2);
            Assert.DoesNotContain(page.ToString(), "whsec_", StringComparison.Ordinal);
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Subset(seen.ToHashSet(), ids.ToHashSet());
        await DeleteAsync(ids.ToArray());
    }

    [Fact]
    public async Task a_rotation_shows_the_new_secret_once_and_keeps_the_old_one_for_a_day()
    {
        var admin = app.Admin();
        var created = await (await admin.PostJson("/v1/admin/webhooks", new { url = PublicUrl, eventTypes = new[] { "order.*" } })).ShouldBe(HttpStatusCode.Created);
        var id = created.GetProperty("endpoint").GetProperty("id").GetString();

        var rotated = await (await admin.PostAsync($"/v1/admin/webhooks/{id}/secret/rotate", null)).ShouldBe(HttpStatusCode.OK);

        Assert.NotEqual(created.GetProperty("secret").GetString(), rotated.GetProperty("secret").GetString());
        var until = rotated.GetProperty("endpoint").GetProperty("previousSecretExpiresAt").GetDateTimeOffset();
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        await DeleteAsync(id!);
    }

    public static TheoryData<string, string> InvalidRequests() => new()
    {
        { """{"url": "/relative", "eventTypes": ["order.placed.v1"]}""", "url" },
        { """{"url": "ftp://203.0.113.10/x", "eventTypes": ["order.placed.v1"]}""", "url" },
        { """{"url": "https://user:pass@203.0.113.10/x", "eventTypes": ["order.placed.v1"]}""", "url" },
        { """{"url": "", "eventTypes": ["order.placed.v1"]}""", "url" },
        { """{"url": "https://203.0.113.10/x", "eventTypes": []}""", "eventTypes" },
        { """{"url": "https://203.0.113.10/x", "eventTypes": ["order.shipped.v1"]}""", "eventTypes" },
        { """{"url": "https://203.0.113.10/x", "eventTypes": ["invoice.*"]}""", "eventTypes" },
        { """{"url": "https://203.0.113.10/x", "eventTypes": ["order"]}""", "eventTypes" },
        { """{"url": "https://203.0.113.10/x", "eventTypes": ["*"], "secret": "whsec_mine"}""", "secret" },
        { """{"eventTypes": ["*"]}""", "$" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task an_invalid_registration_is_a_400_naming_the_field(string body, string field)
    {
        var response = await app.Admin().PostRaw("/v1/admin/webhooks", body);
        await response.ShouldBeInvalid(field);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://127.8.9.10:8080/hook")]
    [InlineData("http://localhost:5080/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://172.31.255.254/hook")]
    [InlineData("http://192.168.1.20/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://224.0.0.1/hook")]
    [InlineData("http://255.255.255.255/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::]/hook")]
    [InlineData("http://[fc00::1]/hook")]
    [InlineData("http://[fd12:3456::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[ff02::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://[::ffff:169.254.169.254]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/hook")]
    [InlineData("http://2130706433/hook")]
    [InlineData("http://0x7f.1/hook")]
    public async Task an_endpoint_that_reaches_an_internal_address_is_refused(string url)
    {
        var response = await app.Admin().PostJson("/v1/admin/webhooks", new { url, eventTypes = new[] { "*" } });

        var problem = await response.ShouldBeInvalid("url");
        Assert.Contains("public addresses", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_update_to_an_internal_address_is_refused_too()
    {
        var admin = app.Admin();
        var created = await (await admin.PostJson("/v1/admin/webhooks", new { url = PublicUrl, eventTypes = new[] { "*" } })).ShouldBe(HttpStatusCode.Created);
        var id = created.GetProperty("endpoint").GetProperty("id").GetString();

        var response = await admin.PatchAsync($"/v1/admin/webhooks/{id}", JsonContent(new { url = "http://169.254.169.254/" }));

        await response.ShouldBeInvalid("url");
        Assert.Equal(PublicUrl, (await (await admin.GetAsync($"/v1/admin/webhooks/{id}")).ShouldBe(HttpStatusCode.OK)).GetProperty("url").GetString());
        await DeleteAsync(id!);
    }

    [Theory]
    [InlineData("GET", "/v1/admin/webhooks/whep_01JD0000000000000000000000")]
    [InlineData("PATCH", "/v1/admin/webhooks/whep_01JD0000000000000000000000")]
    [InlineData("DELETE", "/v1/admin/webhooks/whep_01JD0000000000000000000000")]
    [InlineData("POST", "/v1/admin/webhooks/whep_01JD0000000000000000000000/secret/rotate")]
    [InlineData("POST", "/v1/admin/webhooks/whep_01JD0000000000000000000000/enable")]
    [InlineData("GET", "/v1/admin/webhooks/whep_01JD0000000000000000000000/deliveries")]
    [InlineData("GET", "/v1/admin/webhooks/deliveries/whdl_01JD0000000000000000000000")]
    [InlineData("POST", "/v1/admin/webhooks/deliveries/whdl_01JD0000000000000000000000/redeliver")]
    [InlineData("GET", "/v1/admin/webhooks/nonsense")]
    public async Task an_unknown_endpoint_or_delivery_is_404(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "PATCH")
        {
            request.Content = JsonContent(new { description = "x" });
        }
        var response = await app.Admin().SendAsync(request);
        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/v1/admin/webhooks?limit=0", "limit")]
    [InlineData("/v1/admin/webhooks?limit=101", "limit")]
    [InlineData("/v1/admin/webhooks?cursor=ord_01JD0000000000000000000000", "cursor")]
    public async Task a_bad_page_request_is_a_400(string url, string field)
    {
        var response = await app.Admin().GetAsync(url);
        await response.ShouldBeInvalid(field);
    }

    [Fact]
    public async Task a_bad_delivery_filter_is_a_400()
    {
        var created = await (await app.Admin().PostJson("/v1/admin/webhooks", new { url = PublicUrl, eventTypes = new[] { "*" } })).ShouldBe(HttpStatusCode.Created);
        var id = created.GetProperty("endpoint").GetProperty("id").GetString();

        await (await app.Admin().GetAsync($"/v1/admin/webhooks/{id}/deliveries?status=lost")).ShouldBeInvalid("status");
        await DeleteAsync(id!);
    }

    [Fact]
    public async Task webhooks_need_a_secret_key_with_the_webhooks_scopes()
    {
        await (await app.Client(apiKey: null).GetAsync("/v1/admin/webhooks")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await app.Client(MeridianApp.WebKey).GetAsync("/v1/admin/webhooks")).ShouldBeProblem(HttpStatusCode.Forbidden);

        var catalogOnly = app.Client(await IssueKeyAsync("catalog:read"));
        await (await catalogOnly.GetAsync("/v1/admin/webhooks")).ShouldBeProblem(HttpStatusCode.Forbidden);

        var readOnly = app.Client(await IssueKeyAsync("webhooks:read"));
        await (await readOnly.GetAsync("/v1/admin/webhooks")).ShouldBe(HttpStatusCode.OK);
        await (await readOnly.PostJson("/v1/admin/webhooks", new { url = PublicUrl, eventTypes = new[] { "*" } })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await readOnly.PostAsync("/v1/admin/webhooks/whep_01JD0000000000000000000000/secret/rotate", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await readOnly.PostAsync("/v1/admin/webhooks/deliveries/whdl_01JD0000000000000000000000/redeliver", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    private async Task DeleteAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            await (await app.Admin().DeleteAsync($"/v1/admin/webhooks/{id}")).ShouldBe(HttpStatusCode.NoContent);
        }
    }

    private async Task<string> IssueKeyAsync(string scope)
    {
        var issued = await (await app.Admin().PostJson("/v1/admin/api-keys", new { name = HttpAssertions.Unique("hooks"), kind = "secret", scopes = new[] { scope } }))
            .ShouldBe(HttpStatusCode.Created);
        return issued.GetProperty("key").GetString()!;
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, HttpAssertions.Json), System.Text.Encoding.UTF8, "application/json");
}
