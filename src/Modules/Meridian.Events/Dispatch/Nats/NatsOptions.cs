namespace Meridian.Events.Dispatch.Nats;

/// <summary>
/// Settings of the NATS JetStream transport (section <c>Meridian:Events:Nats</c>); the transport itself is switched
/// on by the connection string <c>ConnectionStrings:Nats</c>.
/// </summary>
internal sealed class NatsOptions
{
    public const string Section = "Meridian:Events:Nats";

    /// <summary>The connection string name.</summary>
    public const string ConnectionStringName = "Nats";

    /// <summary>The server's URL, from <c>ConnectionStrings:Nats</c> (<c>nats://host:4222</c>, credentials in it if any).</summary>
    public string Url { get; set; } = "";

    /// <summary>The longest any one NATS call may take (connecting, a publish and its PubAck, setting up the stream, an ack) before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long consumers wait for an unreachable NATS before they read the database log directly.</summary>
    public TimeSpan FallbackAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The stream's de-duplication window: a publish of an event id the stream saw within it is stored once.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long NATS waits for a consumer's ack before it delivers the message again.</summary>
    public TimeSpan AckWait { get; set; } = TimeSpan.FromSeconds(30);
}
