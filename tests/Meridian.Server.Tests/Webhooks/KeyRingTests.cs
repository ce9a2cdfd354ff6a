using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Meridian.Server.Tests.Infrastructure;
using Meridian.Webhooks.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Webhooks;

/// <summary>
/// Where the key ring that encrypts endpoint secrets lives, seen from outside: an endpoint is registered through one
/// Server and its event delivered by another, and the receiver checks the signature with the secret it was shown,
/// using the independent verifier. By default the ring is in the region's database, so a replica with local files of
/// its own, or the same Server after a restart, signs correctly; a configured folder and a key-encryption certificate
/// are the options. Each test has a store of its own; the delivery workers' own polls are an hour apart, so every
/// delivery here is the pass a test runs on the Server it names.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private const string KeyRingPath = "Meridian:Webhooks:KeyRingPath";
    private const string Certificate = "Meridian:Webhooks:KeyEncryptionCertificate";
    private const string PreviousCertificate = "Meridian:Webhooks:KeyDecryptionCertificates:0";

    private readonly string _files = Path.Combine(Path.GetTempPath(), "meridian-tests", "keyring-" + Guid.NewGuid().ToString("N"));
    private WebhookReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_endpoint_registered_through_one_replica_is_signed_correctly_by_another_with_no_files_in_common()
    {
        await using var first = await StartAsync(NewRegion());
        await using var second = await StartAsync(MeridianApp.ReplicaOf(first));

        var (secret, path) = await RegisterAsync(first);
        await DeliverThroughAsync(second);

        AssertSigned(secret, path);
        Assert.Single(KeysInDatabase(first));
        Assert.False(Directory.Exists(Path.Combine(first.DataFolder, "webhooks-keys")));
        Assert.False(Directory.Exists(Path.Combine(second.DataFolder, "webhooks-keys")));
    }

    [Fact]
    public async Task a_restarted_server_still_decrypts_the_secrets_it_stored()
    {
        await using var store = await ProvisionAsync(NewRegion());
        string secret, path;
        await using (var before = await StartAsync(MeridianApp.SharingStoreWith(store)))
        {
            (secret, path) = await RegisterAsync(before);
        }

        await using var after = await StartAsync(MeridianApp.SharingStoreWith(store));
        await DeliverThroughAsync(after);

        AssertSigned(secret, path);
        Assert.Single(KeysInDatabase(store));
    }

    [Fact]
    public async Task a_configured_key_ring_folder_keeps_the_keys_in_files_and_replicas_sharing_it_decrypt()
    {
        var region = NewRegion();
        region.Settings[KeyRingPath] = Path.Combine(_files, "shared-ring");
        await using var first = await StartAsync(region);
        await using var second = await StartAsync(MeridianApp.ReplicaOf(first));

        var (secret, path) = await RegisterAsync(first);
        await DeliverThroughAsync(second);

        AssertSigned(secret, path);
        Assert.Single(Directory.GetFiles(Path.Combine(_files, "shared-ring"), "key-*.xml"));
        Assert.Empty(KeysInDatabase(first));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task a_key_ring_folder_an_earlier_version_left_in_the_data_folder_is_imported_once_and_its_secrets_still_decrypt(bool withCertificate)
    {
        await using var store = await ProvisionAsync(NewRegion());
        var folder = Path.Combine(store.DataFolder, "webhooks-keys");
        string secret, path;
        // An earlier version kept the ring there, in files: the folder mode does exactly that.
        var earlier = MeridianApp.SharingStoreWith(store);
        earlier.Settings[KeyRingPath] = folder;
        await using (earlier)
        {
            await StartAsync(earlier);
            (secret, path) = await RegisterAsync(earlier);
        }
        var files = Directory.GetFiles(folder, "*.xml");
        Assert.Empty(KeysInDatabase(store));

        var upgraded = MeridianApp.SharingStoreWith(store);
        if (withCertificate)
        {
            UseCertificate(upgraded, Certificate, WritePem("upgrade"));
        }
        await using (upgraded)
        {
            await StartAsync(upgraded);
            await DeliverThroughAsync(upgraded);
        }

        AssertSigned(secret, path);
        var imported = KeysInDatabase(store);
        Assert.Equal(files.Length, imported.Count);
        Assert.All(imported, xml => Assert.Equal(withCertificate, !xml.Contains("<masterKey", StringComparison.Ordinal)));
        await using var restarted = await StartAsync(MeridianApp.SharingStoreWith(upgraded));
        Assert.Equal(imported, KeysInDatabase(store));
    }

    [Fact]
    public async Task with_a_key_encryption_certificate_the_keys_are_stored_encrypted_and_only_a_server_given_it_decrypts()
    {
        var region = NewRegion();
        UseCertificate(region, Certificate, WritePfx("first"));
        await using var first = await StartAsync(region);
        await using var second = await StartAsync(MeridianApp.ReplicaOf(first));

        var (secret, path) = await RegisterAsync(first);
        await DeliverThroughAsync(second);

        AssertSigned(secret, path);
        var key = Assert.Single(KeysInDatabase(first));
        Assert.Contains("encryptedSecret", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);

        var without = MeridianApp.ReplicaOf(first);
        foreach (var setting in without.Settings.Keys.Where(k => k.StartsWith(Certificate, StringComparison.Ordinal)).ToList())
        {
            without.Settings.Remove(setting);
        }
        await using (without)
        {
            var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => without.InitializeAsync().AsTask());
            Assert.Contains("cannot decrypt", refused.Message, StringComparison.Ordinal);
            Assert.Contains("KeyEncryptionCertificate", refused.Message, StringComparison.Ordinal);
        }
        Assert.Equal(key, Assert.Single(KeysInDatabase(first)));
    }

    [Fact]
    public async Task after_a_certificate_rotation_the_previous_one_still_decrypts_the_keys_it_encrypted()
    {
        var region = NewRegion();
        var previous = WritePem("previous");
        UseCertificate(region, Certificate, previous);
        await using var first = await StartAsync(region);
        var (secret, path) = await RegisterAsync(first);

        var rotated = MeridianApp.ReplicaOf(first);
        UseCertificate(rotated, Certificate, WritePfx("next"));
        UseCertificate(rotated, PreviousCertificate, previous);
        await using (rotated)
        {
            await StartAsync(rotated);
            await DeliverThroughAsync(rotated);
        }

        AssertSigned(secret, path);
    }

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        if (Directory.Exists(_files))
        {
            Directory.Delete(_files, recursive: true);
        }
    }

    /// <summary>A region of its own: loopback receivers allowed, a small catalog, no delivery unless a test runs a pass.</summary>
    private static MeridianApp NewRegion()
    {
        var app = new MeridianApp();
        app.Settings["Meridian:DemoProducts"] = "20";
        app.Settings["Meridian:Webhooks:AllowLoopback"] = "true";
        app.Settings["Meridian:Webhooks:PollInterval"] = "01:00:00";
        return app;
    }

    /// <summary>Provisions the store of a region whose Servers the test starts and stops itself.</summary>
    private static async Task<MeridianApp> ProvisionAsync(MeridianApp app)
    {
        await app.PrepareAsync();
        return app;
    }

    private static async Task<MeridianApp> StartAsync(MeridianApp app)
    {
        await app.InitializeAsync();
        return app;
    }

    private async Task<(string Secret, string Path)> RegisterAsync(MeridianApp server)
    {
        var (url, path) = _receiver.NewUrl();
        var created = await (await server.Admin().PostJson("/v1/admin/webhooks", new { url, eventTypes = new[] { "order.*" } })).ShouldBe(HttpStatusCode.Created);
        return (created.GetProperty("secret").GetString()!, path);
    }

    /// <summary>An order event reaches <paramref name="server"/>'s webhooks consumer, and that Server runs a delivery pass.</summary>
    private static async Task DeliverThroughAsync(MeridianApp server)
    {
        await WebhooksApp.ConsumeAsync(server.Services, WebhooksApp.NewEvent());
        await server.Services.GetRequiredService<IWebhookDeliveryPass>().DeliverDueAsync(Ct);
    }

    private void AssertSigned(string secret, string path)
    {
        var request = Assert.Single(_receiver.To(path));
        Assert.Null(StandardWebhooksVerifier.Problem(secret, request.Headers, request.Body, DateTimeOffset.UtcNow));
    }

    /// <summary>The key ring's rows in the region's database, read with a connection of the test's own.</summary>
    private static List<string> KeysInDatabase(MeridianApp region)
    {
        using var connection = region.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Xml\" FROM webhooks_data_protection_keys ORDER BY \"Id\"";
        using DbDataReader reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }

    private static void UseCertificate(MeridianApp server, string setting, (string Path, string? KeyPath, string Password) files)
    {
        server.Settings[setting + ":Path"] = files.Path;
        server.Settings[setting + ":KeyPath"] = files.KeyPath;
        server.Settings[setting + ":Password"] = files.Password;
    }

    /// <summary>A new self-signed RSA certificate as a PFX with a password made up here: nothing secret is kept in the repository.</summary>
    private (string Path, string? KeyPath, string Password) WritePfx(string name)
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(name, rsa);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var path = Path.Combine(Directory.CreateDirectory(_files).FullName, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return (path, null, password);
    }

    /// <summary>The same as a PEM certificate and an encrypted PKCS#8 PEM key, the other form the setting takes.</summary>
    private (string Path, string? KeyPath, string Password) WritePem(string name)
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(name, rsa);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var folder = Directory.CreateDirectory(_files).FullName;
        var (path, keyPath) = (Path.Combine(folder, name + ".crt"), Path.Combine(folder, name + ".key"));
        File.WriteAllText(path, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        return (path, keyPath, password);
    }

    private static X509Certificate2 SelfSigned(string name, RSA rsa) =>
        new CertificateRequest($"CN=meridian-webhooks-keys-{name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
}
