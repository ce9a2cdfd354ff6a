using System.Net;
using Meridian.Server.Tests.Infrastructure;

namespace Meridian.Server.Tests.Channels;

[Collection(ServerCollection.Name)]
public sealed class ApiKeyTests(MeridianApp app)
{
    [Fact]
    public async Task a_call_without_a_key_is_401_with_a_problem()
    {
        var response = await app.Client(apiKey: null).GetAsync("/v1/admin/channels");
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_unknown_key_is_401()
    {
        var response = await app.Client("pk_this_key_does_not_exist_at_all").GetAsync("/v1/admin/channels");
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_publishable_key_is_403_on_admin_routes()
    {
        var response = await app.Client(MeridianApp.WebKey).GetAsync("/v1/admin/channels");
        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_issued_key_is_shown_once_stored_as_a_hash_and_works_until_revoked()
    {
        var admin = app.Admin();
        var issued = await (await admin.PostJson("/v1/admin/api-keys", new { name = "reporting", kind = "secret", scopes = new[] { "channels:read" } }))
            .ShouldBe(HttpStatusCode.Created);
        var key = issued.GetProperty("key").GetString()!;
        var id = issued.GetProperty("apiKey").GetProperty("id").GetString()!;
        Assert.StartsWith("sk_", key, StringComparison.Ordinal);

        var listed = await (await admin.GetAsync("/v1/admin/api-keys")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(key, listed.ToString(), StringComparison.Ordinal);

        await (await app.Client(key).GetAsync("/v1/admin/channels")).ShouldBe(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"/v1/admin/api-keys/{id}")).ShouldBe(HttpStatusCode.NoContent);
        await (await app.Client(key).GetAsync("/v1/admin/channels")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_secret_key_without_the_write_scope_cannot_write()
    {
        var issued = await (await app.Admin().PostJson("/v1/admin/api-keys", new { name = "read only", kind = "secret", scopes = new[] { "channels:read" } }))
            .ShouldBe(HttpStatusCode.Created);
        var readOnly = app.Client(issued.GetProperty("key").GetString());

        var response = await readOnly.PostJson("/v1/admin/channels", new { handle = HttpAssertions.Unique("pos"), name = "POS", kind = "kiosk" });

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_scopeless_secret_key_can_neither_read_nor_write_admin_data()
    {
        var issued = await (await app.Admin().PostJson("/v1/admin/api-keys", new { name = "nothing", kind = "secret" }))
            .ShouldBe(HttpStatusCode.Created);
        var scopeless = app.Client(issued.GetProperty("key").GetString());

        await (await scopeless.GetAsync("/v1/admin/api-keys")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await scopeless.PostJson("/v1/admin/channels", new { handle = HttpAssertions.Unique("x"), name = "X", kind = "web" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_publishable_key_cannot_hold_scopes()
    {
        var response = await app.Admin().PostJson("/v1/admin/api-keys", new { name = "bad", kind = "publishable", scopes = new[] { "catalog:write" } });
        await response.ShouldBeInvalid("scopes");
    }

    [Fact]
    public async Task an_unknown_scope_is_refused()
    {
        var response = await app.Admin().PostJson("/v1/admin/api-keys", new { name = "bad", kind = "secret", scopes = new[] { "everything" } });
        await response.ShouldBeInvalid("scopes");
    }

    [Fact]
    public async Task a_channel_handle_is_unique()
    {
        var handle = HttpAssertions.Unique("shop");
        await (await app.Admin().PostJson("/v1/admin/channels", new { handle, name = "Shop", kind = "web" })).ShouldBe(HttpStatusCode.Created);
        var again = await app.Admin().PostJson("/v1/admin/channels", new { handle, name = "Shop", kind = "web" });
        await again.ShouldBeProblem(HttpStatusCode.Conflict);
    }
}
