using Meridian.Channels.Auth;
using Meridian.Channels.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Channels.Data;

/// <summary>
/// One sales channel per kind and their keys. In Development the keys are the fixed demo keys the
/// README names, so a newcomer's curl commands work; anywhere else they are random and printed once,
/// to the console only, never to the structured log. A store started without demo data gets one
/// admin key on its first start instead, so its operator can create channels and keys through the API.
/// </summary>
internal sealed class ChannelsSeeder(
    IServiceScopeFactory scopes,
    IOptions<ServerOptions> options,
    IHostEnvironment environment,
    ApiKeyStore store,
    ILogger<ChannelsSeeder> logger) : IModuleInitializer
{
    public const string DemoSecretKey = "sk_demo_meridian_admin_0000000000000000";

    public static string DemoPublishableKey(string channelHandle) => $"pk_demo_meridian_{channelHandle}_0000000000";

    public int Order => 100;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelsDbContext>();
        if (options.Value.SeedDemoData && !await db.Channels.AnyAsync(cancellationToken))
        {
            await SeedAsync(db, cancellationToken);
        }
        else if (environment.IsDevelopment() && options.Value.SeedDemoData)
        {
            PrintDemoKeys();
        }
        else if (!options.Value.SeedDemoData && !await db.ApiKeys.AnyAsync(cancellationToken))
        {
            await BootstrapAdminKeyAsync(db, cancellationToken);
        }
        await store.WarmAsync(cancellationToken);
    }

    private async Task SeedAsync(ChannelsDbContext db, CancellationToken cancellationToken)
    {
        var random = new Random(2026);
        var createdAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var demo = environment.IsDevelopment();
        var printed = new List<(string Name, string Key)>();
        foreach (var kind in Enum.GetValues<ChannelKind>())
        {
            var handle = kind.ToString().ToLowerInvariant();
            var channel = new SalesChannel
            {
                Id = Ids.Deterministic("chan", createdAt, random),
                Handle = handle,
                Name = $"Demo {handle}",
                Kind = kind,
                CreatedAt = createdAt,
            };
            db.Channels.Add(channel);
            var key = demo ? DemoPublishableKey(handle) : ApiKey.Generate(KeyKinds.Publishable);
            db.ApiKeys.Add(NewKey($"{handle} storefront", KeyKinds.Publishable, channel.Id, key, [], createdAt, random));
            printed.Add(($"publishable key for {handle}", key));
        }
        var admin = demo ? DemoSecretKey : ApiKey.Generate(KeyKinds.Secret);
        db.ApiKeys.Add(NewKey("admin", KeyKinds.Secret, null, admin, Scopes.All, createdAt, random));
        printed.Add(("secret admin key (all scopes)", admin));
        await db.SaveChangesAsync(cancellationToken);
        logger.SeededDemoChannels(Enum.GetValues<ChannelKind>().Length);
        Print(demo ? "Demo keys (development only):" : "Keys, shown once; store them now:", printed);
    }

    /// <summary>
    /// The first admin key of an empty store. Its id is the same on every replica, so when several start on a new
    /// database together the primary key lets one of them create it and print it; the others find it made.
    /// </summary>
    private async Task BootstrapAdminKeyAsync(ChannelsDbContext db, CancellationToken cancellationToken)
    {
        var createdAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var key = ApiKey.Generate(KeyKinds.Secret);
        db.ApiKeys.Add(NewKey(BootstrapKeyName, KeyKinds.Secret, null, key, Scopes.All, createdAt, new Random(1)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return;
        }
        logger.BootstrapAdminKeyCreated();
        Print("The store's first admin key, shown once; store it now, then create channels and keys with it (POST /v1/admin/channels):",
            [("secret admin key (all scopes)", key)]);
    }

    public const string BootstrapKeyName = "bootstrap admin";

    private static ApiKey NewKey(
        string name, string kind, string? channelId, string key, IEnumerable<string> scopes, DateTimeOffset createdAt, Random random) =>
        new()
        {
            Id = Ids.Deterministic("key", createdAt, random),
            Name = name,
            Kind = kind,
            ChannelId = channelId,
            Hash = ApiKey.HashOf(key),
            Prefix = ApiKey.PrefixOf(key),
            Scopes = string.Join(' ', scopes),
            CreatedAt = createdAt,
        };

    private static void PrintDemoKeys() =>
        Print("Demo keys (development only):",
            [.. Enum.GetValues<ChannelKind>().Select(k => k.ToString().ToLowerInvariant())
                .Select(h => ($"publishable key for {h}", DemoPublishableKey(h))),
             ("secret admin key (all scopes)", DemoSecretKey)]);

    private static void Print(string heading, IEnumerable<(string Name, string Key)> keys)
    {
        Console.WriteLine(heading);
        foreach (var (name, key) in keys)
        {
            Console.WriteLine($"  {name,-32} {key}");
        }
    }
}
