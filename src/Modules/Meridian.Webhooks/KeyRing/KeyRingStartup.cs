using System.Xml.Linq;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Modules;
using Meridian.Webhooks.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Webhooks.KeyRing;

/// <summary>
/// Readies the key ring before traffic, and in the migrate command: brings a folder ring an earlier version left into
/// the database ring, refuses to start with keys it cannot decrypt, and makes the first key. After the migrations
/// (its table must exist) and before any seed; it runs whether or not this process migrates, because the folder it
/// imports is local to a machine.
/// </summary>
internal sealed class KeyRingStartup(
    WebhooksKeyRing keyRing,
    IServiceScopeFactory scopes,
    RegionDatabase database,
    IOptions<WebhooksOptions> options,
    ILogger<KeyRingStartup> logger) : IModuleInitializer
{
    public int Order => 50;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (keyRing.InDatabase)
        {
            await ImportFolderAsync(cancellationToken);
        }
        if (keyRing.UnreadableKeys() is { Count: > 0 } unreadable)
        {
            throw new InvalidOperationException(
                $"The webhooks key ring has {unreadable.Count} key(s) this Server cannot decrypt ({string.Join(", ", unreadable)}): they were " +
                $"encrypted with a certificate it was not given. Set {WebhooksOptions.Section}:KeyEncryptionCertificate to it, or list it under " +
                $"{WebhooksOptions.Section}:KeyDecryptionCertificates. Starting without it would make a new key and leave the secrets " +
                "encrypted under those keys unreadable.");
        }
        keyRing.Load();
    }

    /// <summary>
    /// Copies the key files of a folder ring into the database ring once, while that is empty, so that the secrets
    /// an earlier version encrypted still decrypt. The check and the copy hold the table's write lock, so replicas
    /// starting together on the same files import them once.
    /// </summary>
    private async Task ImportFolderAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.ImportKeyRingFrom is { Length: > 0 };
        var folder = configured ? options.Value.ImportKeyRingFrom! : Path.Combine(database.DataFolder, WebhooksKeyRing.DefaultFolderName);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
        {
            if (configured)
            {
                logger.KeyRingFolderEmpty(folder);
            }
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        if (await db.DataProtectionKeys.AnyAsync(cancellationToken))
        {
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // SQLite's transactions take the write lock as they begin; PostgreSQL's need it asked for. EXCLUSIVE lets
        // Data Protection's reads through while it keeps a second importer (or a first key being made) waiting.
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE webhooks_data_protection_keys IN EXCLUSIVE MODE", cancellationToken);
        }
        if (await db.DataProtectionKeys.AnyAsync(cancellationToken))
        {
            return;
        }
        foreach (var file in files)
        {
            var key = keyRing.EncryptForStorage(XElement.Load(file));
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = key.ToString(SaveOptions.DisableFormatting) });
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.KeyRingImported(files.Count, folder);
    }
}
