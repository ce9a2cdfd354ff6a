namespace Meridian.Customers.Domain;

/// <summary>
/// One line of the consent ledger: a customer granted or withdrew consent to one purpose, when,
/// through which source, under which terms version. Lines are only ever appended: the ledger is the
/// proof of consent, so the context refuses to update or delete one. Lines hold no personal data
/// (the customer id, a purpose, a channel id, a version), so they stay after an erasure.
/// </summary>
internal sealed class ConsentEntry
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public required string Purpose { get; init; }
    public required bool Granted { get; init; }
    public required string TermsVersion { get; init; }
    public required string Source { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
}

/// <summary>The purposes a customer can consent to. A new purpose is a code change, reviewed like a new data use.</summary>
internal static class ConsentPurposes
{
    public const string MarketingEmail = "marketing_email";
    public const string MarketingSms = "marketing_sms";
    public const string Personalization = "personalization";
    public const string Analytics = "analytics";
    public const string Terms = "terms";

    public static readonly IReadOnlyList<string> All = [MarketingEmail, MarketingSms, Personalization, Analytics, Terms];

    public static bool IsKnown(string? purpose) => purpose is not null && All.Contains(purpose, StringComparer.Ordinal);
}

/// <summary>The state of one purpose: the latest ledger line, or not granted when there is none.</summary>
internal sealed record ConsentState(string Purpose, bool Granted, string? TermsVersion, string? Source, DateTimeOffset? RecordedAt);

internal static class ConsentLedger
{
    /// <summary>The current state of every known purpose: the last line wins; ids are ULIDs and break ties in time.</summary>
    public static IReadOnlyList<ConsentState> CurrentState(IEnumerable<ConsentEntry> history)
    {
        var latest = history
            .GroupBy(e => e.Purpose, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(e => e.RecordedAt).ThenBy(e => e.Id, StringComparer.Ordinal).Last(),
                StringComparer.Ordinal);
        return ConsentPurposes.All
            .Select(p => latest.TryGetValue(p, out var e)
                ? new ConsentState(p, e.Granted, e.TermsVersion, e.Source, e.RecordedAt)
                : new ConsentState(p, false, null, null, null))
            .ToList();
    }
}
