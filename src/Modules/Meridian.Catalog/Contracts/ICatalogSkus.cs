namespace Meridian.Catalog.Contracts;

/// <summary>The catalog's SKUs, for modules that keep something per SKU (stock, marketplace listings).</summary>
public interface ICatalogSkus
{
    /// <summary>Every SKU of every product, draft or published, in a stable order.</summary>
    IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken);
}
