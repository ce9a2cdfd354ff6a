using System.Text.RegularExpressions;

namespace Meridian.SharedKernel;

/// <summary>Human-readable, URL-safe names for products, categories and channels (<c>linen-shirt</c>).</summary>
public static partial class Handles
{
    /// <summary>The rule, as a validation message says it.</summary>
    public const string Rule = "Lower-case letters, digits and single hyphens, 1 to 64 characters.";

    /// <summary>True when <paramref name="handle"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? handle) => handle is { Length: > 0 and <= 64 } && Pattern().IsMatch(handle);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
