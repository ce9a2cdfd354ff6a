using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Meridian.Webhooks.KeyRing;

namespace Meridian.Webhooks.Tests;

/// <summary>
/// The forms a key-encryption certificate is configured in, and the mistakes that must stop the Server at start-up
/// with a message naming the setting. Certificates and passwords are made up by each test.
/// </summary>
public sealed class CertificateFileTests : IDisposable
{
    private const string Setting = "Meridian:Webhooks:KeyEncryptionCertificate";

    private readonly DirectoryInfo _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "meridian-certificate-tests", Guid.NewGuid().ToString("N")));
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    [Fact]
    public void a_pfx_loads_with_its_password()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa);
        var path = Write("keys.pfx", certificate.Export(X509ContentType.Pfx, _password));

        using var loaded = new CertificateFile { Path = path, Password = _password }.Load(Setting);

        Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void a_pem_certificate_loads_with_its_key_in_a_file_of_its_own_or_in_the_same_file()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa);
        var crt = Write("keys.crt", certificate.ExportCertificatePem());
        var key = Write("keys.key", rsa.ExportPkcs8PrivateKeyPem());
        var both = Write("keys.pem", certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());

        using var pair = new CertificateFile { Path = crt, KeyPath = key }.Load(Setting);
        using var single = new CertificateFile { Path = both }.Load(Setting);

        Assert.Equal(certificate.Thumbprint, pair.Thumbprint);
        Assert.Equal(certificate.Thumbprint, single.Thumbprint);
        Assert.True(pair.HasPrivateKey && single.HasPrivateKey);
    }

    [Fact]
    public void an_encrypted_pem_key_loads_with_its_password()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa);
        var crt = Write("keys.crt", certificate.ExportCertificatePem());
        var key = Write("keys.key", rsa.ExportEncryptedPkcs8PrivateKeyPem(_password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));

        using var loaded = new CertificateFile { Path = crt, KeyPath = key, Password = _password }.Load(Setting);

        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void a_wrong_password_fails_naming_the_setting_and_never_the_password()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa);
        var path = Write("keys.pfx", certificate.Export(X509ContentType.Pfx, _password));
        var wrong = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

        var refused = Assert.Throws<InvalidOperationException>(() => new CertificateFile { Path = path, Password = wrong }.Load(Setting));

        Assert.StartsWith(Setting, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_password, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_certificate_without_an_rsa_key_or_without_its_private_key_is_refused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var elliptic = new CertificateRequest("CN=meridian-test", ecdsa, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa);
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        var ellipticPath = Write("ec.pfx", elliptic.Export(X509ContentType.Pfx, _password));
        var publicOnlyPath = Write("public.pfx", publicOnly.Export(X509ContentType.Pfx, _password));

        foreach (var path in new[] { ellipticPath, publicOnlyPath })
        {
            var refused = Assert.Throws<InvalidOperationException>(() => new CertificateFile { Path = path, Password = _password }.Load(Setting));
            Assert.Contains("RSA certificate with its private key", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void a_missing_path_or_file_is_named()
    {
        var missing = Path.Combine(_folder.FullName, "nowhere.pfx");

        Assert.Contains($"{Setting}:Path is not set", Assert.Throws<InvalidOperationException>(() => new CertificateFile().Load(Setting)).Message, StringComparison.Ordinal);
        Assert.Contains(missing, Assert.Throws<InvalidOperationException>(() => new CertificateFile { Path = missing }.Load(Setting)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static X509Certificate2 SelfSigned(RSA rsa) =>
        new CertificateRequest("CN=meridian-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
