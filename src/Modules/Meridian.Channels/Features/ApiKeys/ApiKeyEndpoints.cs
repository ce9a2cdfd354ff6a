using Meridian.Channels.Auth;
using Meridian.Channels.Data;
using Meridian.Channels.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Channels.Features.ApiKeys;

internal sealed record ApiKeyResponse(
    string Id, string Name, string Kind, string? ChannelId, string Prefix, IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey key) =>
        new(key.Id, key.Name, key.Kind, key.ChannelId, key.Prefix, key.ScopeList, key.CreatedAt, key.RevokedAt);
}

/// <summary>The only response that ever carries a key: it is not stored and cannot be shown again.</summary>
internal sealed record IssuedApiKeyResponse(ApiKeyResponse ApiKey, string Key);

internal sealed record IssueApiKeyRequest(string Name, string Kind, string? ChannelId = null, IReadOnlyList<string>? Scopes = null);

internal static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/api-keys", ListKeys)
            .RequireAuthorization(Policies.Admin(Scopes.ChannelsRead))
            .WithName("ListApiKeys").WithSummary("Lists API keys; never their secrets.").WithTags("Channels");
        admin.MapPost("/api-keys", IssueKey)
            .RequireAuthorization(Policies.Admin(Scopes.ChannelsWrite))
            .WithName("IssueApiKey").WithSummary("Issues a publishable or secret key, shown once.").WithTags("Channels");
        admin.MapDelete("/api-keys/{id}", RevokeKey)
            .RequireAuthorization(Policies.Admin(Scopes.ChannelsWrite))
            .WithName("RevokeApiKey").WithSummary("Revokes an API key at once.").WithTags("Channels");
    }

    private static async Task<Ok<Page<ApiKeyResponse>>> ListKeys(ChannelsDbContext db, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<ApiKeyResponse>(keys.Select(ApiKeyResponse.From).ToList(), null));
    }

    private static async Task<Results<Created<IssuedApiKeyResponse>, ValidationProblem>> IssueKey(
        IssueApiKeyRequest request, ChannelsDbContext db, ApiKeyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var scopes = request.Scopes ?? [];
        var validation = new Validation().Required(request.Name, "name");
        validation.When(request.Kind is not (KeyKinds.Publishable or KeyKinds.Secret), "kind", "One of publishable, secret.");
        validation.When(request.Kind == KeyKinds.Publishable && scopes.Count > 0, "scopes",
            "Publishable keys ship inside apps and cannot hold admin scopes.");
        foreach (var unknown in scopes.Where(s => !Scopes.All.Contains(s)).Distinct())
        {
            validation.Add("scopes", $"Unknown scope '{unknown}'. Known: {string.Join(", ", Scopes.All)}.");
        }
        validation.When(request.Kind == KeyKinds.Publishable && request.ChannelId is null, "channelId",
            "A publishable key belongs to a sales channel.");
        if (request.ChannelId is not null && !await db.Channels.AnyAsync(c => c.Id == request.ChannelId, cancellationToken))
        {
            validation.Add("channelId", "No such channel.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var secret = ApiKey.Generate(request.Kind);
        var key = new ApiKey
        {
            Id = Ids.New("key"),
            Name = request.Name.Trim(),
            Kind = request.Kind,
            ChannelId = request.ChannelId,
            Hash = ApiKey.HashOf(secret),
            Prefix = ApiKey.PrefixOf(secret),
            Scopes = string.Join(' ', scopes.Distinct()),
            CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        store.Remember(key);
        return TypedResults.Created($"/v1/admin/api-keys/{key.Id}", new IssuedApiKeyResponse(ApiKeyResponse.From(key), secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        string id, ChannelsDbContext db, ApiKeyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return Problems.NotFound("API key");
        }
        key.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        store.Remember(key);
        return TypedResults.NoContent();
    }
}
