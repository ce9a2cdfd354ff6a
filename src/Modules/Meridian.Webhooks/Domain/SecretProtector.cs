using Microsoft.AspNetCore.DataProtection;

namespace Meridian.Webhooks.Domain;

/// <summary>
/// Endpoint secrets must be usable (the worker signs with them), so they cannot be hashed like API keys. They are
/// encrypted at rest with ASP.NET Core Data Protection, under the module's own key ring (<see cref="KeyRing.WebhooksKeyRing"/>).
/// That ring is in the same database by default, so the encryption keeps secrets out of whatever reads the endpoint
/// rows alone; only a key-encryption certificate kept off the database makes a full copy of it useless for forging
/// signatures. Secrets are never logged.
/// </summary>
internal sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Meridian.Webhooks.EndpointSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
