using Microsoft.Extensions.Logging;

namespace Meridian.Catalog;

/// <summary>The catalog module's log messages; event ids 1000–1099.</summary>
internal static partial class CatalogLog
{
    [LoggerMessage(1000, LogLevel.Information, "Seeded a demo catalog of {ProductCount} products in {ElapsedMs} ms")]
    public static partial void SeededDemoCatalog(this ILogger logger, int productCount, long elapsedMs);

    [LoggerMessage(1001, LogLevel.Information, "Loaded the catalog read model: {ProductCount} published products in {ElapsedMs} ms; managed heap {HeapMiB} MiB")]
    public static partial void LoadedReadModel(this ILogger logger, int productCount, long elapsedMs, long heapMiB);

    [LoggerMessage(1002, LogLevel.Information, "Compacted the search index: {LiveCount} live of {SlotCount} slots")]
    public static partial void CompactedIndex(this ILogger logger, int liveCount, int slotCount);
}
