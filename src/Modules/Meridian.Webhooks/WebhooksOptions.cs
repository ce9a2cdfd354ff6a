using Meridian.Webhooks.KeyRing;

namespace Meridian.Webhooks;

/// <summary>Settings under <c>Meridian:Webhooks</c>.</summary>
internal sealed class WebhooksOptions
{
    public const string Section = "Meridian:Webhooks";

    /// <summary>
    /// Standard Webhooks' schedule (Svix's): after the first attempt, retries 5 s, 5 min, 30 min, 2 h, 5 h later,
    /// then every 10 h, about three days in all. Each delay gets ±10 % jitter so a receiver that comes back
    /// is not hit by every queued delivery at once.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>
    /// The delays between attempts; null means <see cref="DefaultRetrySchedule"/>. A list rather than an array with
    /// a default, because the configuration binder appends configured items to an existing array instead of replacing it.
    /// </summary>
    public List<TimeSpan>? RetrySchedule { get; set; }

    /// <summary>Fraction of each delay added or taken away at random.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Allow endpoints on loopback addresses (tests and local development only); private ranges stay refused.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>How long one attempt may take, connection included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest <c>Retry-After</c> honoured; a receiver cannot park a delivery for longer.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An endpoint whose deliveries have all failed for this long is disabled.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromDays(5);

    /// <summary>An endpoint whose last this many deliveries all ran out of retries is disabled.</summary>
    public int DisableAfterFailedDeliveries { get; set; } = 10;

    /// <summary>How long the previous secret still signs after a rotation, so receivers can switch without dropping events.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the worker looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries sent in parallel.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// Deliveries claimed per round: several per sender, because each round costs two write transactions (claim and
    /// record), and on SQLite those wait for the one write lock behind every other writer.
    /// </summary>
    public int ClaimPerRound => Concurrency * SendsPerSenderPerRound;

    /// <summary>
    /// A folder of key files for the ring that encrypts endpoint secrets, which every replica must then share. Unset
    /// (the default), the ring is kept in the region's database, which the replicas share already.
    /// </summary>
    public string? KeyRingPath { get; set; }

    /// <summary>
    /// A folder ring whose keys are copied into the database ring once, while that is empty, so the secrets an
    /// earlier version encrypted with them still decrypt. Unset: <c>webhooks-keys/</c> in the data folder, where
    /// earlier versions kept the ring by default.
    /// </summary>
    public string? ImportKeyRingFrom { get; set; }

    /// <summary>The certificate that encrypts the ring's keys before they are stored; unset, they are stored as they are.</summary>
    public CertificateFile? KeyEncryptionCertificate { get; set; }

    /// <summary>Certificates that only decrypt: earlier key-encryption certificates, for the keys they encrypted.</summary>
    public List<CertificateFile> KeyDecryptionCertificates { get; set; } = [];

    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule => RetrySchedule is { Count: > 0 } configured ? configured : DefaultRetrySchedule;

    /// <summary>A claimed delivery is someone else's to retry once its lease runs out: longer than any round can take.</summary>
    public TimeSpan Lease => AttemptTimeout * SendsPerSenderPerRound + TimeSpan.FromMinutes(1);

    private const int SendsPerSenderPerRound = 4;
}
