using System.Net;
using System.Text.Json;

using Meridian.Server.Tests.Infrastructure;

using Microsoft.Data.Sqlite;

namespace Meridian.Server.Tests.Customers;

[Collection(ServerCollection.Name)]
public sealed class PrivacyTests(MeridianApp app)
{
    [Fact]
    public async Task the_export_holds_profile_addresses_consents_and_sign_ins_but_no_secrets()
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);
        await (await client.PostJson("/v1/customers/me/addresses", CustomerSteps.HomeAddress("Export Lane 5"))).ShouldBe(HttpStatusCode.Created);
        await (await client.PutJson("/v1/customers/me/consents", new { purpose = "marketing_sms", granted = true, termsVersion = "v3" })).ShouldBe(HttpStatusCode.OK);

        var response = await client.GetAsync("/v1/customers/me/export");

        var export = await response.ShouldBe(HttpStatusCode.OK);
        Assert.True(export.GetProperty("exportedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(shopper.Email, export.GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal(shopper.LastName, export.GetProperty("profile").GetProperty("lastName").GetString());
        Assert.Equal("Export Lane 5", export.GetProperty("addresses").EnumerateArray().Single().GetProperty("line1").GetString());
        Assert.Equal("marketing_sms", export.GetProperty("consents").GetProperty("history").EnumerateArray().Single().GetProperty("purpose").GetString());
        var signIn = export.GetProperty("signIn");
        Assert.NotEqual(JsonValueKind.Null, signIn.GetProperty("lastSignInAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, signIn.GetProperty("sessions").EnumerateArray().Single().GetProperty("issuedAt").ValueKind);
        var text = export.ToString();
        Assert.DoesNotContain(shopper.RefreshToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(shopper.AccessToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal); // the prefix of an Identity v3 password hash
    }

    [Fact]
    public async Task erasure_removes_personal_data_keeps_the_id_and_the_consent_ledger_and_ends_every_session()
    {
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);
        var street = HttpAssertions.Unique("Erasure Street");
        await (await client.PostJson("/v1/customers/me/addresses", CustomerSteps.HomeAddress(street))).ShouldBe(HttpStatusCode.Created);
        await (await client.PatchJson("/v1/customers/me", new { phone = "+49 170 5550199" })).ShouldBe(HttpStatusCode.OK);
        await (await client.PutJson("/v1/customers/me/consents", new { purpose = "terms", granted = true, termsVersion = "v1" })).ShouldBe(HttpStatusCode.OK);

        var response = await client.DeleteAsync("/v1/customers/me");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await client.GetAsync("/v1/customers/me")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/v1/customers/me/export")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await app.Client().SignIn(shopper.Email)).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await app.Client().Refresh(shopper.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized);

        var rows = ReadRows(shopper.Id);
        var everything = string.Join("\n", rows.SelectMany(r => r.Values));
        foreach (var personal in new[] { shopper.Email, shopper.FirstName, shopper.LastName, street, "5550199", "AQAAAA" })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }
        var customer = rows.Single(r => r["table"] == "customers_customers");
        Assert.Equal("Erased", customer["Status"]);
        Assert.Matches("^erased\\+[0-9a-f]{32}@invalid$", customer["Email"]);
        Assert.DoesNotContain(rows, r => r["table"] == "customers_addresses");
        Assert.Single(rows, r => r["table"] == "customers_consent_ledger");
        Assert.All(rows.Where(r => r["table"] == "customers_refresh_tokens"), r => Assert.NotEqual("", r["RevokedAt"]));
    }

    [Fact]
    public async Task after_erasure_the_old_values_cannot_be_carved_out_of_the_database_files()
    {
        // The embedded engine's promise. PostgreSQL keeps old row versions until VACUUM and in its write-ahead log;
        // there erasure is logical (the test above) and the bytes are the storage's and the backups' retention.
        Assert.SkipWhen(MeridianApp.OnPostgres, "PostgreSQL: physical erasure is storage encryption and WAL and backup retention, see README.");
        var shopper = await app.Client().NewShopper();
        var client = app.Client(bearer: shopper.AccessToken);
        var street = HttpAssertions.Unique("Carving Street");
        await (await client.PostJson("/v1/customers/me/addresses", CustomerSteps.HomeAddress(street))).ShouldBe(HttpStatusCode.Created);
        await (await client.PatchJson("/v1/customers/me", new { firstName = HttpAssertions.Unique("Renamed") })).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(street, DatabaseFileText(), StringComparison.Ordinal);

        await (await client.DeleteAsync("/v1/customers/me")).ShouldBe(HttpStatusCode.NoContent);

        var files = DatabaseFileText();
        Assert.DoesNotContain(shopper.Email, files, StringComparison.Ordinal);
        Assert.DoesNotContain(shopper.FirstName, files, StringComparison.Ordinal);
        Assert.DoesNotContain(shopper.LastName, files, StringComparison.Ordinal);
        Assert.DoesNotContain(street, files, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_erased_customers_email_can_register_again_as_a_new_customer()
    {
        var shopper = await app.Client().NewShopper();
        await (await app.Client(bearer: shopper.AccessToken).DeleteAsync("/v1/customers/me")).ShouldBe(HttpStatusCode.NoContent);

        var again = await (await app.Client().PostJson("/v1/customers", CustomerSteps.Registration(shopper.Email))).ShouldBe(HttpStatusCode.Created);

        Assert.NotEqual(shopper.Id, again.GetProperty("id").GetString());
    }

    [Fact]
    public async Task support_reads_a_customer_with_the_customers_read_scope_and_a_shopper_key_cannot()
    {
        var shopper = await app.Client().NewShopper();

        var seen = await (await app.Admin().GetAsync($"/v1/admin/customers/{shopper.Id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(shopper.Email, seen.GetProperty("email").GetString());
        await (await app.Client(bearer: shopper.AccessToken).GetAsync($"/v1/admin/customers/{shopper.Id}")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await app.Admin().GetAsync("/v1/admin/customers/cus_01JD0000000000000000000000")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    /// <summary>The raw bytes of the database and its write-ahead log, as text: what a forensic reader would see.</summary>
    private string DatabaseFileText()
    {
        var text = new System.Text.StringBuilder();
        var file = new SqliteConnectionStringBuilder(app.StoreConnectionString).DataSource;
        foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            text.Append(System.Text.Encoding.Latin1.GetString(memory.ToArray()));
        }
        return text.ToString();
    }

    /// <summary>Every row of every customers table that mentions the customer, read straight from the database.</summary>
    private List<Dictionary<string, string>> ReadRows(string customerId)
    {
        using var connection = app.OpenDatabase();
        var rows = new List<Dictionary<string, string>>();
        foreach (var (table, key) in new[] { ("customers_customers", "Id"), ("customers_addresses", "CustomerId"), ("customers_consent_ledger", "CustomerId"), ("customers_refresh_tokens", "CustomerId") })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} WHERE \"{key}\" = @id";
            var id = command.CreateParameter();
            id.ParameterName = "@id";
            id.Value = customerId;
            command.Parameters.Add(id);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new Dictionary<string, string> { ["table"] = table };
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                }
                rows.Add(row);
            }
        }
        return rows;
    }
}
