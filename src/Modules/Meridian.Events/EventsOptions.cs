namespace Meridian.Events;

/// <summary>Settings of the event backbone (section <c>Meridian:Events</c>).</summary>
internal sealed class EventsOptions
{
    public const string Section = "Meridian:Events";

    /// <summary>How long published events and inbox rows are kept: the window for replay, the feed and broker repair.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The fallback poll of the dispatcher and the consumers when no in-process signal wakes them.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a dispatcher's or consumer's lease lasts without renewal; a crashed holder is replaced after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events one dispatcher pass publishes or one consumer read takes.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Attempts of a handler before the event goes to the consumer's dead letters.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The delay before the first retry; it doubles each time up to <see cref="MaxRetryDelay"/>, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the retention sweep runs.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Registers the <c>effect-counter</c> consumer, which counts its effects per event in
    /// <c>events_effect_counts</c>: what the crash tests read to prove each event took effect once.
    /// </summary>
    public bool EffectCounter { get; set; }
}
