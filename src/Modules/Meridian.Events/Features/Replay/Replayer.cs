using Meridian.Events.Consumers;
using Meridian.SharedKernel.Events;
using Microsoft.Extensions.Logging;

namespace Meridian.Events.Features.Replay;

/// <summary>An event a replay could not handle.</summary>
internal sealed record ReplayFailure(string EventId, string ErrorType, string ErrorMessage);

/// <summary>What a replay did: how many events the handler ran for, and which threw.</summary>
internal sealed record ReplayResponse(string Consumer, int Replayed, IReadOnlyList<ReplayFailure> Failed);

/// <summary>
/// Re-runs a consumer's handler for chosen events, once each, in sequence order, inside the request.
/// Unlike a redelivery, a replay runs the handler even when the inbox says the event was handled:
/// an operator asks for it on purpose (a fixed bug, a rebuilt read model), so the handler's own
/// idempotency, not the inbox, decides whether a second run has a second effect. The checkpoint stays.
/// </summary>
internal sealed class Replayer(InboxTransaction inbox, ILogger<Replayer> logger)
{
    public async Task<ReplayResponse> ReplayAsync(string consumer, IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken)
    {
        var failed = new List<ReplayFailure>();
        var replayed = 0;
        foreach (var envelope in events)
        {
            try
            {
                await inbox.DeliverAsync(consumer, envelope, attempt: 1, replay: true, cancellationToken);
                replayed++;
                EventsLog.Replayed(logger, consumer, envelope.Type, envelope.Id);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failed.Add(new ReplayFailure(envelope.Id, InboxTransaction.ErrorType(exception), InboxTransaction.ErrorMessage(exception)));
            }
        }
        return new ReplayResponse(consumer, replayed, failed);
    }
}
