using System.Globalization;
using Meridian.SharedKernel.Events;
using NATS.Client.Core;

namespace Meridian.Events.Dispatch.Nats;

/// <summary>
/// An event as a NATS message. The body is the event's CloudEvents 1.0 structured JSON, the same bytes a webhook
/// receives (<c>Content-Type: application/cloudevents+json</c>). The event id goes as <c>Nats-Msg-Id</c> (set by the
/// publisher), which is what makes the stream store a republished event once. The attributes travel again as
/// <c>ce-</c> headers and the region's sequence as <c>Meridian-Sequence</c>, so a consumer can drop what it has
/// already handled, and a tool can route or order messages, without parsing the body.
/// </summary>
internal static class NatsEventMessage
{
    public const string SequenceHeader = "Meridian-Sequence";

    public static NatsHeaders Headers(EventEnvelope envelope) => new()
    {
        ["Content-Type"] = "application/cloudevents+json; charset=utf-8",
        ["ce-specversion"] = EventEnvelope.SpecVersion,
        ["ce-id"] = envelope.Id,
        ["ce-type"] = envelope.Type,
        ["ce-source"] = envelope.Source,
        ["ce-subject"] = envelope.Subject,
        ["ce-time"] = envelope.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        [SequenceHeader] = envelope.Sequence.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The message's <c>Meridian-Sequence</c>; null when it has none, which no message of Meridian's lacks.</summary>
    public static long? SequenceOf(NatsHeaders? headers) =>
        headers is not null && headers.TryGetValue(SequenceHeader, out var value)
            && long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0
            ? sequence
            : null;
}
