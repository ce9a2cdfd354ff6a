namespace Meridian.SharedKernel.Http;

/// <summary>
/// Collects field errors for one request, in the shape of RFC 9457's <c>errors</c> member
/// (field → messages). Written by hand instead of DataAnnotations because most of Meridian's rules
/// span several fields or depend on data (a known category, a supported currency).
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>True when no rule failed.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>Records that <paramref name="field"/> broke a rule.</summary>
    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }
        messages.Add(message);
        return this;
    }

    /// <summary>Records the message when <paramref name="failed"/> holds.</summary>
    public Validation When(bool failed, string field, string message) => failed ? Add(field, message) : this;

    /// <summary>A required, trimmed string of at most <paramref name="maxLength"/> characters.</summary>
    public Validation Required(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "Required.");
        }
        return When(value.Length > maxLength, field, $"At most {maxLength} characters.");
    }

    /// <summary>An optional string of at most <paramref name="maxLength"/> characters.</summary>
    public Validation Optional(string? value, string field, int maxLength = 200) =>
        When(value is not null && value.Length > maxLength, field, $"At most {maxLength} characters.");

    /// <summary>The errors as RFC 9457 wants them.</summary>
    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
