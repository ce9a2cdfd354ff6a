namespace Meridian.Marketplace;

internal static class Names
{
    /// <summary>The API's snake_case spelling of an enum member (<c>PartiallyFulfilled</c> → <c>partially_fulfilled</c>).</summary>
    public static string Snake<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
