using System.Text.Json;
using Meridian.Catalog.Contracts;
using Meridian.Marketplace.Connectors;
using Meridian.Marketplace.Contracts;
using Meridian.Marketplace.Data;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meridian.Marketplace.Features.Pushes;

/// <summary>
/// <c>marketplace-stock</c>: on <c>stock.changed.v1</c> (data <c>{ "sku", "available" }</c>) every marketplace channel
/// is told how many units of the SKU it may sell: the available quantity, or 0 when the catalog does not sell the SKU
/// (unknown or unpublished), so a marketplace never sells what the shop does not.
/// </summary>
internal sealed class StockPushConsumer(MarketplaceChannels channels, ICatalogVariants catalog, IServiceScopeFactory scopes, TimeProvider time, ILogger<StockPushConsumer> logger)
    : IEventConsumer
{
    public string Name => "marketplace-stock";

    public bool Handles(string eventType) => eventType == EventTypes.StockChanged;

    public async Task HandleAsync(EventEnvelope envelope, ConsumeContext context, CancellationToken cancellationToken)
    {
        if (!TryRead(envelope.Data, out var sku, out var available))
        {
            logger.EventSkipped(envelope.Id, envelope.Type);
            return;
        }
        await using var ledger = new PushLedger(scopes, context, time);
        foreach (var (channel, connector) in await channels.ListAsync(cancellationToken))
        {
            var units = catalog.Find([sku], channel.Currency).ContainsKey(sku) ? Math.Max(0, available) : 0;
            // Set, never add: a redelivered or replayed event pushes the same number again.
            await connector.PushStockAsync(channel, sku, units, cancellationToken);
            await ledger.RecordAsync(channel, PushLedger.Stock, sku, units, null, null, envelope.Id, cancellationToken);
            logger.Pushed(channel.Handle, PushLedger.Stock, sku, units);
        }
        await ledger.SaveAsync(cancellationToken);
    }

    private static bool TryRead(JsonElement data, out string sku, out int available)
    {
        sku = string.Empty;
        available = 0;
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("sku", out var s) || s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString())
            || !data.TryGetProperty("available", out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetInt32(out available))
        {
            return false;
        }
        sku = s.GetString()!;
        return true;
    }
}

/// <summary>
/// <c>marketplace-price</c>: on <c>product.changed.v1</c> (data <c>{ "productId", "exists", "published", "version" }</c>) every marketplace
/// channel gets the catalog price, in its currency, of each published variant of the product. SKUs pushed for the
/// product before that are no longer sold (the product was deleted or unpublished, a variant removed, no price in
/// the channel's currency) get stock 0, so the marketplace stops selling them.
/// </summary>
internal sealed class PricePushConsumer(
    MarketplaceChannels channels, ICatalogVariants catalog, ICatalogSkus skus, IServiceScopeFactory scopes, TimeProvider time, ILogger<PricePushConsumer> logger)
    : IEventConsumer
{
    private const int Batch = 500;

    public string Name => "marketplace-price";

    public bool Handles(string eventType) => eventType == EventTypes.ProductChanged;

    public async Task HandleAsync(EventEnvelope envelope, ConsumeContext context, CancellationToken cancellationToken)
    {
        if (envelope.Data.ValueKind != JsonValueKind.Object
            || !envelope.Data.TryGetProperty("productId", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } productId)
        {
            logger.EventSkipped(envelope.Id, envelope.Type);
            return;
        }
        var deleted = envelope.Data.TryGetProperty("exists", out var exists) && exists.ValueKind == JsonValueKind.False;
        await using var ledger = new PushLedger(scopes, context, time);
        foreach (var (channel, connector) in await channels.ListAsync(cancellationToken))
        {
            var priced = deleted ? new List<CatalogVariant>() : await VariantsOfAsync(productId, channel.Currency, cancellationToken);
            foreach (var variant in priced)
            {
                var price = new Money(variant.UnitPrice!.Value, channel.Currency);
                await connector.PushPriceAsync(channel, variant.Sku, price, cancellationToken);
                await ledger.RecordAsync(channel, PushLedger.Price, variant.Sku, price.Amount, price.Currency, productId, envelope.Id, cancellationToken);
                logger.Pushed(channel.Handle, PushLedger.Price, variant.Sku, price.Amount);
            }
            var sold = priced.Select(v => v.Sku).ToHashSet(StringComparer.Ordinal);
            foreach (var sku in (await ledger.SkusOfAsync(channel, productId, cancellationToken)).Where(s => !sold.Contains(s)))
            {
                await connector.PushStockAsync(channel, sku, 0, cancellationToken);
                await ledger.RecordAsync(channel, PushLedger.Stock, sku, 0, null, productId, envelope.Id, cancellationToken);
                logger.Pushed(channel.Handle, PushLedger.Stock, sku, 0);
            }
        }
        await ledger.SaveAsync(cancellationToken);
    }

    /// <summary>
    /// The catalog's contracts look variants up by SKU, not by product, so this walks the SKUs in batches through the
    /// in-memory read model. Product changes are admin writes, rare next to the reads this keeps the catalog lean for.
    /// </summary>
    private async Task<List<CatalogVariant>> VariantsOfAsync(string productId, string currency, CancellationToken cancellationToken)
    {
        var found = new List<CatalogVariant>();
        var batch = new List<string>(Batch);
        await foreach (var sku in skus.ListAsync(cancellationToken))
        {
            batch.Add(sku);
            if (batch.Count == Batch)
            {
                Collect();
            }
        }
        Collect();
        return found;

        void Collect()
        {
            found.AddRange(catalog.Find(batch, currency).Values.Where(v => v.ProductId == productId && v.UnitPrice is not null));
            batch.Clear();
        }
    }
}

/// <summary>
/// The last value pushed per channel, kind and SKU, written in the consumer's transaction: it commits with the inbox
/// row, so the ledger says exactly what the last handled event pushed.
/// </summary>
internal sealed class PushLedger(IServiceScopeFactory scopes, ConsumeContext context, TimeProvider time) : IAsyncDisposable
{
    public const string Stock = "stock";
    public const string Price = "price";

    private AsyncServiceScope? _scope;
    private MarketplaceDbContext? _db;

    public async Task RecordAsync(
        MarketplaceChannel channel, string kind, string sku, long value, string? currency, string? productId, string eventId, CancellationToken cancellationToken)
    {
        var db = await DbAsync(cancellationToken);
        var record = await db.Pushes.FindAsync([channel.ChannelId, kind, sku], cancellationToken);
        if (record is null)
        {
            record = new PushRecord { ChannelId = channel.ChannelId, Kind = kind, Sku = sku, EventId = eventId };
            db.Pushes.Add(record);
        }
        record.Value = value;
        record.Currency = currency;
        record.ProductId = productId ?? record.ProductId;
        record.EventId = eventId;
        record.PushedAt = time.GetUtcNow();
    }

    public async Task<IReadOnlyList<string>> SkusOfAsync(MarketplaceChannel channel, string productId, CancellationToken cancellationToken)
    {
        var db = await DbAsync(cancellationToken);
        return await db.Pushes.AsNoTracking()
            .Where(p => p.ChannelId == channel.ChannelId && p.ProductId == productId).Select(p => p.Sku).Distinct().ToListAsync(cancellationToken);
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_db is not null)
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }
    }

    private async Task<MarketplaceDbContext> DbAsync(CancellationToken cancellationToken)
    {
        if (_db is null)
        {
            // A scope of its own, so the context joins this event's transaction whatever the runner's scope already used.
            _scope = scopes.CreateAsyncScope();
            _db = await RegionTransactions.JoinAsync(_scope.Value.ServiceProvider.GetRequiredService<MarketplaceDbContext>(), context.Transaction, cancellationToken);
        }
        return _db;
    }
}
