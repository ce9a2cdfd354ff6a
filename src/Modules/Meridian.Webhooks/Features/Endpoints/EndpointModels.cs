using Meridian.SharedKernel.Http;
using Meridian.Webhooks.Data;
using Meridian.Webhooks.Domain;

namespace Meridian.Webhooks.Features.Endpoints;

internal sealed record EndpointResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Enabled, string? DisabledReason,
    DateTimeOffset? DisabledAt, DateTimeOffset? FailingSince, DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static EndpointResponse From(WebhookEndpoint e, DateTimeOffset now) => new(
        e.Id, e.Url, e.EventTypeList, e.Description, e.Enabled, e.DisabledReason, e.DisabledAt, e.FailingSince,
        e.PreviousSecretExpiresAt > now ? e.PreviousSecretExpiresAt : null, e.CreatedAt, e.UpdatedAt);
}

/// <summary>The only responses that carry a secret: at creation and at rotation, never again.</summary>
internal sealed record EndpointWithSecretResponse(EndpointResponse Endpoint, string Secret);

internal static class EndpointRules
{
    public const string IdPrefix = "whep";

    /// <summary>Checks the URL (including where it resolves) and the filter.</summary>
    public static async Task CheckAsync(Validation validation, string? url, IReadOnlyList<string>? eventTypes, string? description, bool allowLoopback, CancellationToken cancellationToken)
    {
        if (url is not null && await EndpointUrl.RefusalAsync(url, allowLoopback, cancellationToken) is { } refusal)
        {
            validation.Add("url", refusal);
        }
        if (eventTypes is not null)
        {
            validation.When(eventTypes.Count == 0, "eventTypes", "At least one event type, a prefix such as 'order.*', or '*'.");
            validation.When(eventTypes.Count > EventTypeFilter.MaxEntries, "eventTypes", $"At most {EventTypeFilter.MaxEntries} entries.");
            foreach (var entry in eventTypes.Distinct(StringComparer.Ordinal))
            {
                if (EventTypeFilter.Refusal(entry) is { } reason)
                {
                    validation.Add("eventTypes", reason);
                }
            }
        }
        validation.Optional(description, "description", 500);
    }

    public static string Join(IReadOnlyList<string> eventTypes) => string.Join(' ', eventTypes.Distinct(StringComparer.Ordinal));
}
