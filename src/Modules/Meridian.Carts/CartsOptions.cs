namespace Meridian.Carts;

/// <summary>Cart limits and lifetime of this region (section <c>Meridian:Carts</c>).</summary>
internal sealed class CartsOptions
{
    public const string Section = "Meridian:Carts";

    /// <summary>Most units of one variant a line may hold.</summary>
    public int MaxQuantityPerLine { get; set; } = 99;

    /// <summary>Most lines one cart may hold.</summary>
    public int MaxLines { get; set; } = 100;

    /// <summary>Most promotion codes one cart may hold.</summary>
    public int MaxPromotionCodes { get; set; } = 10;

    /// <summary>A cart nobody changed for this long expires: it answers 404 and the sweep deletes it.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the background sweep deletes expired carts.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
