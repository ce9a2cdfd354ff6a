using System.Security.Cryptography.X509Certificates;
using System.Xml;
using System.Xml.Linq;
using Meridian.Webhooks.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Webhooks.KeyRing;

/// <summary>
/// The Data Protection key ring that encrypts endpoint secrets. A ring of the module's own rather than the host's: the
/// host may never configure one, and an ephemeral ring would make every stored secret unreadable after a restart.
/// By default it is kept in the region's database (<c>webhooks_data_protection_keys</c>), which every replica of the
/// region shares already, so replicas need nothing else in common; <c>KeyRingPath</c> keeps it in a folder of files
/// instead, as earlier versions did. With a key-encryption certificate its keys are stored encrypted, so the ring in
/// a copy of the database is no use without the certificate.
/// </summary>
internal sealed class WebhooksKeyRing : IDisposable
{
    /// <summary>Where earlier versions kept the ring, in the data folder.</summary>
    public const string DefaultFolderName = "webhooks-keys";

    /// <summary>Part of every protected payload's purpose: changing it would make every stored secret unreadable.</summary>
    private const string ApplicationName = "meridian-webhooks";

    private const string EncryptionCertificateSetting = WebhooksOptions.Section + ":" + nameof(WebhooksOptions.KeyEncryptionCertificate);
    private const string DecryptionCertificatesSetting = WebhooksOptions.Section + ":" + nameof(WebhooksOptions.KeyDecryptionCertificates);

    /// <summary>Data Protection's marks in a key's XML: the parts it encrypts before storing, and their encrypted form.</summary>
    private static readonly XNamespace Ns = "http://schemas.asp.net/2015/03/dataProtection";

    private readonly List<X509Certificate2> _certificates = [];
    private readonly ServiceProvider _services;

    public WebhooksKeyRing(IServiceProvider host, IOptions<WebhooksOptions> options, ILoggerFactory loggerFactory)
    {
        var settings = options.Value;
        var services = new ServiceCollection();
        // The host's loggers, so Data Protection's own warnings (a key stored unencrypted, a key it cannot read) are seen.
        services.AddSingleton(loggerFactory);
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (settings.KeyRingPath is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            builder.PersistKeysToFileSystem(new DirectoryInfo(folder));
        }
        else
        {
            InDatabase = true;
            // Each read and write takes a scope of the host's own, so the ring uses the module's context on either engine.
            builder.AddKeyManagementOptions(o => o.XmlRepository = new EntityFrameworkCoreXmlRepository<WebhooksDbContext>(host, loggerFactory));
        }
        if (settings.KeyEncryptionCertificate is { } current)
        {
            builder.ProtectKeysWithCertificate(Keep(current.Load(EncryptionCertificateSetting)));
        }
        var previous = settings.KeyDecryptionCertificates.Select((certificate, i) => Keep(certificate.Load($"{DecryptionCertificatesSetting}:{i}"))).ToArray();
        if (previous.Length > 0)
        {
            builder.UnprotectKeysWithAnyCertificate(previous);
        }
        _services = services.BuildServiceProvider();
        Provider = _services.GetRequiredService<IDataProtectionProvider>();
    }

    /// <summary>Whether the ring is in the database (the default) rather than in the folder <c>KeyRingPath</c> names.</summary>
    public bool InDatabase { get; }

    public IDataProtectionProvider Provider { get; }

    /// <summary>
    /// Reads the ring and makes its first key if it has none. Done once at start-up (and by the migrate command), so
    /// that replicas started together find that key instead of each making one the others do not see yet.
    /// </summary>
    public void Load() => Provider.CreateProtector("Meridian.Webhooks.KeyRing.Load").Protect([]);

    /// <summary>
    /// The ring's keys this Server cannot decrypt: encrypted with a certificate it was not given. Data Protection would
    /// skip them, make a new key and carry on, leaving every secret encrypted under them unreadable.
    /// </summary>
    public IReadOnlyList<Guid> UnreadableKeys()
    {
        var unreadable = new List<Guid>();
        foreach (var key in _services.GetRequiredService<IKeyManager>().GetAllKeys().Where(k => !k.IsRevoked))
        {
            try
            {
                _ = key.Descriptor;
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or InvalidOperationException or XmlException)
            {
                unreadable.Add(key.KeyId);
            }
        }
        return unreadable;
    }

    /// <summary>
    /// A key's XML as the ring stores a new one: with a key-encryption certificate, the parts Data Protection marks as
    /// secret are encrypted for it, in the form its decryptor reads. For keys imported from a folder of plain files.
    /// </summary>
    public XElement EncryptForStorage(XElement key)
    {
        if (_services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor is not { } encryptor)
        {
            return key;
        }
        var copy = new XElement(key);
        foreach (var secret in copy.Descendants().Where(e => (bool?)e.Attribute(Ns + "requiresEncryption") == true).ToList())
        {
            var encrypted = encryptor.Encrypt(new XElement(secret));
            secret.ReplaceWith(new XElement(Ns + "encryptedSecret",
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!),
                encrypted.EncryptedElement));
        }
        return copy;
    }

    public void Dispose()
    {
        _services.Dispose();
        foreach (var certificate in _certificates)
        {
            certificate.Dispose();
        }
    }

    private X509Certificate2 Keep(X509Certificate2 certificate)
    {
        _certificates.Add(certificate);
        return certificate;
    }
}
