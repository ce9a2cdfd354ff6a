using System.Diagnostics.Metrics;

namespace Meridian.Webhooks;

/// <summary>The <c>Meridian.Webhooks</c> meter; tags carry event types and status codes, never URLs or payloads.</summary>
internal sealed class WebhooksMetrics
{
    public const string MeterName = "Meridian.Webhooks";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failedAttempts;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _disabledEndpoints;
    private readonly Histogram<double> _attemptDuration;

    public WebhooksMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _delivered = meter.CreateCounter<long>("meridian.webhooks.delivered", "{delivery}", "Deliveries a receiver accepted with a 2xx.");
        _failedAttempts = meter.CreateCounter<long>("meridian.webhooks.attempts.failed", "{attempt}", "Attempts that got no 2xx.");
        _deadLettered = meter.CreateCounter<long>("meridian.webhooks.failed", "{delivery}", "Deliveries that ran out of retries.");
        _disabledEndpoints = meter.CreateCounter<long>("meridian.webhooks.endpoints.disabled", "{endpoint}", "Endpoints disabled by a 410 or by failing too long.");
        _attemptDuration = meter.CreateHistogram<double>("meridian.webhooks.attempt.duration", "s", "How long receivers took to answer.");
    }

    public void Delivered(string eventType) => _delivered.Add(1, new KeyValuePair<string, object?>("event.type", eventType));

    public void AttemptFailed(string eventType, int? statusCode) =>
        _failedAttempts.Add(1, new("event.type", eventType), new("http.response.status_code", statusCode));

    public void DeadLettered(string eventType) => _deadLettered.Add(1, new KeyValuePair<string, object?>("event.type", eventType));

    public void EndpointDisabled(string cause) => _disabledEndpoints.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void AttemptTook(TimeSpan duration) => _attemptDuration.Record(duration.TotalSeconds);
}
