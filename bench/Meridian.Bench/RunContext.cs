namespace Meridian.Bench;

/// <summary>Everything one run learned, for the report.</summary>
internal sealed class RunContext(BenchOptions options, Machine machine)
{
    public BenchOptions Options { get; } = options;
    public Machine Machine { get; } = machine;
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public string LoadAverageBefore { get; } = Machine.LoadAverage();
    public string LoadAverageAfter { get; set; } = "";
    public string Database { get; set; } = "";
    public bool Reused { get; set; }
    public bool SeededThisRun { get; set; }
    public long? SeedMilliseconds { get; set; }
    public string? SeededOn { get; set; }
    public int? Searchable { get; set; }
    public long? ReadModelMilliseconds { get; set; }
    public double SecondsToReady { get; set; }
    public ProcessMemory? ServerAtReady { get; set; }
    public ProcessMemory? ServerAfterRuns { get; set; }
    public ProcessMemory? BaselineAfterRuns { get; set; }
    public int MedianTotal { get; set; }
    public int MaxTotal { get; set; }
    public int EmptyQueries { get; set; }
    public double MeanSearchBytes { get; set; }
    public int BaselineBodyBytes { get; set; }
    public List<ScenarioResult> Results { get; } = [];
    /// <summary>The production profile's services, as the report names them; null on the embedded profile.</summary>
    public string? Services { get; set; }
    public EventDeliveryResult? Events { get; set; }
    public string? EventsFailure { get; set; }
}
