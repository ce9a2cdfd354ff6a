using Meridian.SharedKernel.Events;

namespace Meridian.Webhooks.Domain;

/// <summary>An endpoint's filter: exact types (<c>order.placed.v1</c>), prefix wildcards (<c>order.*</c>) or <c>*</c>.</summary>
internal static class EventTypeFilter
{
    public const int MaxEntries = 50;

    /// <summary>Why <paramref name="entry"/> is no valid filter entry, or null: a wildcard must match some type today.</summary>
    public static string? Refusal(string entry)
    {
        if (entry == "*" || EventTypes.All.Contains(entry))
        {
            return null;
        }
        if (entry.EndsWith(".*", StringComparison.Ordinal) && entry.Length > 2)
        {
            var prefix = entry[..^1];
            return EventTypes.All.Any(t => t.StartsWith(prefix, StringComparison.Ordinal))
                ? null
                : $"'{entry}' matches no event type.";
        }
        return $"Unknown event type '{entry}'. Known: {string.Join(", ", EventTypes.All.Order(StringComparer.Ordinal))}, or a prefix such as 'order.*'.";
    }

    public static bool Matches(IEnumerable<string> filter, string eventType) =>
        filter.Any(entry => entry == "*"
            || entry == eventType
            || (entry.EndsWith(".*", StringComparison.Ordinal) && eventType.StartsWith(entry[..^1], StringComparison.Ordinal)));
}
