using Microsoft.AspNetCore.DataProtection;

namespace Meridian.Webhooks.Domain;

/// <summary>
/// Endpoint secrets must be usable (the worker signs with them), so they cannot be hashed like API keys. They are
/// encrypted at rest with ASP.NET Core Data Protection, under a key ring of the module's own, so a copy of the
/// database alone does not let anyone forge signatures. Secrets are never logged.
/// </summary>
internal sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Meridian.Webhooks.EndpointSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
