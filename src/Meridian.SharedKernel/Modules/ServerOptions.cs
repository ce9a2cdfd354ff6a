namespace Meridian.SharedKernel.Modules;

/// <summary>Where this Server runs and what it does at start-up (section <c>Meridian</c>).</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Meridian";

    /// <summary>The region this Server serves, named on every response in <c>X-Meridian-Region</c>.</summary>
    public string Region { get; set; } = "eu-central";

    /// <summary>The jurisdiction of the region (EU, US, UK, …); resident data never leaves it.</summary>
    public string Jurisdiction { get; set; } = "EU";

    /// <summary>Apply migrations at start-up. The embedded default does; several replicas run <c>migrate</c> once instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Seed the demo store (catalog, channels, keys) into an empty database.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>How many products the demo catalog has; the benchmark asks for 100,000.</summary>
    public int DemoProducts { get; set; } = 1000;
}
