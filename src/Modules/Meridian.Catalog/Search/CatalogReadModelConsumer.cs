using System.Text.Json;
using Meridian.SharedKernel.Events;

namespace Meridian.Catalog.Search;

/// <summary>The payload of <c>product.changed.v1</c>.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Exists">False when it was deleted.</param>
/// <param name="Published">Whether shoppers can see it.</param>
/// <param name="Version">Its version after the change (0 when deleted).</param>
internal sealed record ProductChangedData(string ProductId, bool Exists, bool Published, int Version);

/// <summary>
/// Keeps this replica's search index converging with writes made on other replicas: on
/// <c>product.changed.v1</c> it re-reads the product, unless the index already holds that version (the
/// writing replica refreshed it the moment it committed), which costs one dictionary lookup.
/// </summary>
internal sealed class CatalogReadModelConsumer(CatalogReadModel readModel) : IEventConsumer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "catalog-read-model";

    public bool Handles(string eventType) => eventType == EventTypes.ProductChanged;

    public async Task HandleAsync(EventEnvelope envelope, ConsumeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var change = envelope.Data.Deserialize<ProductChangedData>(Json)
            ?? throw new JsonException($"Event {envelope.Id} has no product.changed.v1 payload.");
        if (!readModel.IsCurrent(change.ProductId, change.Exists && change.Published, change.Version))
        {
            await readModel.RefreshProductAsync(change.ProductId, cancellationToken);
        }
    }
}
