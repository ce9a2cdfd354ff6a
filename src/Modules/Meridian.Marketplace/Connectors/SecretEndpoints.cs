using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Marketplace.Connectors;

internal sealed record SecretResponse(string ChannelId, string Secret);

/// <summary><c>POST /v1/admin/marketplace/{channel}/secret</c>: replaces a generated signing secret and shows the new one, once.</summary>
internal static class SecretEndpoints
{
    public static void MapRotateSecret(this IEndpointRouteBuilder marketplace) =>
        marketplace.MapPost("/{channel}/secret", async Task<Results<Ok<SecretResponse>, ProblemHttpResult>> (
                string channel, MarketplaceChannels channels, MarketplaceSecrets secrets, CancellationToken cancellationToken) =>
            {
                if (await channels.FindAsync(channel, cancellationToken) is not { } found)
                {
                    return Problems.NotFound("marketplace channel");
                }
                var secret = await secrets.RotateAsync(found.Channel, cancellationToken);
                return secret is null
                    ? Problems.Of(StatusCodes.Status409Conflict, "secret-configured", "The secret comes from configuration.",
                        $"Change Meridian:Marketplace:Channels:{found.Channel.Handle}:Secret instead.")
                    : TypedResults.Ok(new SecretResponse(found.Channel.ChannelId, secret));
            })
            .RequireAuthorization(Policies.Admin(Scopes.MarketplaceWrite))
            .WithName("RotateMarketplaceSecret").WithSummary("Replaces a marketplace channel's generated signing secret; the answer shows it once.").WithTags("Marketplaces");
}
