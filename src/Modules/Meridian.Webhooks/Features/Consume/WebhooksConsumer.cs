using System.Text;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Meridian.Webhooks.Data;
using Meridian.Webhooks.Delivery;
using Meridian.Webhooks.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Webhooks.Features.Consume;

/// <summary>
/// Turns each event into one queued delivery per enabled endpoint whose filter matches, in the runner's
/// transaction: the queue row commits with the inbox row or not at all, and the unique (endpoint, event) pair
/// means a replayed event finds its deliveries already queued. No HTTP here; the delivery worker sends later.
/// </summary>
internal sealed class WebhooksConsumer(IServiceScopeFactory scopes, DeliveryWorker worker, TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "webhooks";

    public string Name => ConsumerName;

    public bool Handles(string eventType) => true;

    public async Task HandleAsync(EventEnvelope envelope, ConsumeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(context);
        // A context of its own, so joining the runner's connection never depends on what the scope already opened.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        await RegionTransactions.JoinAsync(db, context.Transaction, cancellationToken);

        var endpoints = await db.Endpoints.AsNoTracking().Where(e => e.Enabled).Select(e => new { e.Id, e.EventTypes }).ToListAsync(cancellationToken);
        var wanting = endpoints
            .Where(e => EventTypeFilter.Matches(e.EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries), envelope.Type))
            .Select(e => e.Id)
            .ToList();
        if (wanting.Count == 0)
        {
            return;
        }
        var queued = await db.Deliveries.Where(d => d.EventId == envelope.Id && wanting.Contains(d.EndpointId)).Select(d => d.EndpointId).ToListAsync(cancellationToken);
        if (queued.Count == wanting.Count)
        {
            return;
        }
        var now = time.GetUtcNow();
        var body = Encoding.UTF8.GetString(envelope.ToCloudEventJson());
        foreach (var endpointId in wanting.Except(queued))
        {
            db.Deliveries.Add(new WebhookDelivery
            {
                Id = Ids.New("whdl"),
                EndpointId = endpointId,
                EventId = envelope.Id,
                EventType = envelope.Type,
                Body = body,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
        // Two runners racing on one event both pass the check above; the unique index stops the second, whose
        // transaction then rolls back and is retried by the runner, finding the delivery queued.
        await db.SaveChangesAsync(cancellationToken);
        context.AfterCommit(worker.Wake);
    }
}
