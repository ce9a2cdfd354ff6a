namespace Meridian.Checkout;

/// <summary>Settings under <c>Meridian:Checkout</c>.</summary>
internal sealed class CheckoutOptions
{
    public const string Section = "Meridian:Checkout";

    /// <summary>How long an order may stay pending before the recovery job settles it.</summary>
    public TimeSpan PendingGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the recovery job runs.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Seconds a client is told to wait after a 503.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}
