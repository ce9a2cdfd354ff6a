using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Meridian.Webhooks.KeyRing;

/// <summary>
/// A certificate that encrypts (or only decrypts) the key ring's keys, from files: a PFX (PKCS#12) with its password,
/// or a PEM certificate with its PEM private key (encrypted when a password is given). Files rather than a
/// certificate store, because Linux has no machine store a service could share.
/// </summary>
internal sealed class CertificateFile
{
    /// <summary>The PFX file, or the PEM certificate (which may hold the private key too).</summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key, when it is a file of its own; unset for a PFX.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX's password, or the encrypted PEM key's.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Loads the certificate, or fails naming <paramref name="setting"/> (never the password). It must be RSA, since
    /// Data Protection wraps each key for it with RSA key transport, and have its private key, which unwraps them.
    /// </summary>
    public X509Certificate2 Load(string setting)
    {
        if (Path is not { Length: > 0 } path)
        {
            throw new InvalidOperationException($"{setting}:Path is not set: name a PFX file, or a PEM certificate with {setting}:KeyPath.");
        }
        foreach (var file in new[] { path, KeyPath }.OfType<string>().Where(f => f.Length > 0))
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"{setting}: the file '{file}' does not exist.");
            }
        }
        X509Certificate2 certificate;
        try
        {
            certificate = KeyPath is { Length: > 0 } || IsPem(path) ? LoadPem(path) : X509CertificateLoader.LoadPkcs12FromFile(path, Password);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{setting}: '{path}' cannot be read as a PFX with its password or as a PEM certificate and key ({e.Message}).", e);
        }
        using (var publicKey = certificate.GetRSAPublicKey())
        {
            if (publicKey is null || !certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new InvalidOperationException($"{setting}: '{path}' must be an RSA certificate with its private key.");
            }
        }
        return certificate;
    }

    private X509Certificate2 LoadPem(string path) => Password is { Length: > 0 } password
        ? X509Certificate2.CreateFromEncryptedPemFile(path, password, KeyPath is { Length: > 0 } ? KeyPath : null)
        : X509Certificate2.CreateFromPemFile(path, KeyPath is { Length: > 0 } ? KeyPath : null);

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var start = new char[64];
        var read = reader.ReadBlock(start);
        return new string(start, 0, read).TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
    }
}
