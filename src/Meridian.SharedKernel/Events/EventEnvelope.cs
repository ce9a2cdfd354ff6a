using System.Text.Json;

namespace Meridian.SharedKernel.Events;

/// <summary>
/// A CloudEvents 1.0 event as Meridian stores, publishes and delivers it. <see cref="Id"/> is the
/// de-duplication key everywhere: the broker's publish de-duplication, every consumer's inbox and the
/// <c>webhook-id</c> of a webhook delivery.
/// </summary>
/// <param name="Id">The CloudEvents id: <c>evt_</c> and a sortable unique part.</param>
/// <param name="Type">The versioned type, such as <c>order.placed.v1</c> (see <see cref="EventTypes"/>).</param>
/// <param name="Source">The CloudEvents source: <c>/meridian/{region}</c>.</param>
/// <param name="Subject">The aggregate the event is about (<c>ord_…</c>, <c>prod_…</c>); order is kept per subject.</param>
/// <param name="Time">When the change committed, as the producer's clock saw it.</param>
/// <param name="Sequence">The event's position in the region's published log, assigned when it is published; 0 before.</param>
/// <param name="Data">The payload, a JSON object; never card data, and personal data only in customer events.</param>
public sealed record EventEnvelope(
    string Id,
    string Type,
    string Source,
    string Subject,
    DateTimeOffset Time,
    long Sequence,
    JsonElement Data)
{
    /// <summary>The CloudEvents version Meridian speaks.</summary>
    public const string SpecVersion = "1.0";

    /// <summary>The media type of <see cref="Data"/>.</summary>
    public const string DataContentType = "application/json";

    /// <summary>
    /// The event in CloudEvents structured JSON mode, the body of a webhook and of a broker message.
    /// <see cref="Sequence"/> travels as the <c>sequence</c> extension attribute (a string, as the
    /// CloudEvents sequence extension asks) so receivers can order or detect gaps.
    /// </summary>
    public byte[] ToCloudEventJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", SpecVersion);
            writer.WriteString("id", Id);
            writer.WriteString("source", Source);
            writer.WriteString("type", Type);
            writer.WriteString("subject", Subject);
            writer.WriteString("time", Time.ToUniversalTime());
            writer.WriteString("datacontenttype", DataContentType);
            writer.WriteString("sequence", Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WritePropertyName("data");
            Data.WriteTo(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads an event written by <see cref="ToCloudEventJson"/>.</summary>
    /// <exception cref="JsonException">The bytes are not a CloudEvents 1.0 structured event.</exception>
    public static EventEnvelope FromCloudEventJson(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || Text(root, "specversion") != SpecVersion)
        {
            throw new JsonException("Not a CloudEvents 1.0 structured event.");
        }
        return new EventEnvelope(
            Text(root, "id"),
            Text(root, "type"),
            Text(root, "source"),
            Text(root, "subject"),
            root.GetProperty("time").GetDateTimeOffset(),
            long.Parse(Text(root, "sequence"), System.Globalization.CultureInfo.InvariantCulture),
            root.GetProperty("data").Clone());
    }

    /// <summary>A short description for logs: no payload, so no personal data.</summary>
    public override string ToString() => $"{Type} {Id} ({Subject})";

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JsonException($"The event has no '{name}'.");
}
