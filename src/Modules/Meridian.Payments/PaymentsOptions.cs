namespace Meridian.Payments;

/// <summary>Settings of the payments module (section <c>Meridian:Payments</c>).</summary>
internal sealed class PaymentsOptions
{
    public const string Section = "Meridian:Payments";

    /// <summary>The provider new payments use. The embedded default is the built-in simulator.</summary>
    public string Provider { get; set; } = "test";

    /// <summary>Register the test provider and its admin ledger endpoint. Off in production.</summary>
    public bool TestProviderEnabled { get; set; } = true;

    public ResilienceSettings Resilience { get; set; } = new();

    public ChaosSettings Chaos { get; set; } = new();

    public RecoverySettings Recovery { get; set; } = new();
}

/// <summary>The pipeline around every provider call.</summary>
internal sealed class ResilienceSettings
{
    /// <summary>How long one provider call may take before its outcome is called unknown.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a call that carries an idempotency key, after a transient error or a timeout.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The first retry's median delay; later ones back off exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The share of failed calls in the sampling window that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls in the window before the ratio counts.</summary>
    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one trial call.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Chaos injection into provider calls, for game days; off unless configured.</summary>
internal sealed class ChaosSettings
{
    public bool Enabled { get; set; }

    /// <summary>Share of calls that fail with a transient provider error before reaching the provider.</summary>
    public double FaultRate { get; set; }

    /// <summary>Share of calls delayed by <see cref="Latency"/>.</summary>
    public double LatencyRate { get; set; }

    public TimeSpan Latency { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The recovery job.</summary>
internal sealed class RecoverySettings
{
    /// <summary>Run the job on a timer in the Server. Tests call <c>RecoverAsync</c> directly.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a pending or unknown payment is left alone before the job asks the provider.</summary>
    public TimeSpan UnknownAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a customer has to finish a 3-D Secure step before the attempt is abandoned.</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Most payments one run resolves.</summary>
    public int BatchSize { get; set; } = 100;
}
