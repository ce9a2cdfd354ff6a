namespace Meridian.SharedKernel.Http;

/// <summary>A page of a cursor-paginated list: <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Limits every list endpoint shares.</summary>
public static class Paging
{
    /// <summary>Items per page when the client does not ask.</summary>
    public const int DefaultLimit = 20;

    /// <summary>The most items one page may hold.</summary>
    public const int MaxLimit = 100;

    /// <summary>Checks <c>limit</c> and returns it, or the default when absent.</summary>
    public static int Limit(int? limit, Validation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (limit is null)
        {
            return DefaultLimit;
        }
        validation.When(limit is < 1 or > MaxLimit, "limit", $"Between 1 and {MaxLimit}.");
        return limit.Value;
    }
}
