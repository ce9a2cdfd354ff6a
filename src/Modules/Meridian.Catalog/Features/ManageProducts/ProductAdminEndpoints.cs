using Meridian.Catalog.Data;
using Meridian.Catalog.Domain;
using Meridian.Catalog.Search;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Events;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Meridian.Catalog.Features.ManageProducts;

/// <summary>
/// Admin writes of products: create, replace, delete, and read (drafts included). Each write updates
/// the search index as soon as it commits, so a shopper sees it on the next request, and appends
/// <c>product.changed.v1</c> in the same transaction, so other replicas' read models converge.
/// Replace honours <c>If-Match</c> with the product's ETag: a stale edit gets 412, never a lost update.
/// </summary>
internal static class ProductAdminEndpoints
{
    public static void MapProductAdmin(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/products/{id}", Get).RequireAuthorization(Policies.Admin(Scopes.CatalogRead))
            .WithName("GetProductForAdmin").WithSummary("Gets a product, draft or published.").WithTags("Catalog admin");
        admin.MapPost("/products", Create).RequireAuthorization(Policies.Admin(Scopes.CatalogWrite))
            .WithName("CreateProduct").WithSummary("Creates a product with its variants and prices.").WithTags("Catalog admin");
        admin.MapPut("/products/{id}", Replace).RequireAuthorization(Policies.Admin(Scopes.CatalogWrite))
            .WithName("ReplaceProduct").WithSummary("Replaces a product; send If-Match to guard against lost updates.").WithTags("Catalog admin");
        admin.MapDelete("/products/{id}", Delete).RequireAuthorization(Policies.Admin(Scopes.CatalogWrite))
            .WithName("DeleteProduct").WithSummary("Deletes a product and its variants.").WithTags("Catalog admin");
    }

    private static async Task<Results<Ok<ProductDetail>, ProblemHttpResult>> Get(
        string id, HttpContext http, CatalogDbContext db, CatalogReadModel readModel, CancellationToken cancellationToken)
    {
        var product = await Load(db, id, cancellationToken, tracking: false);
        if (product is null)
        {
            return Problems.NotFound("product");
        }
        http.Response.Headers.ETag = ETag(product);
        return TypedResults.Ok(ProductDocuments.Build(product, readModel.Index.Taxonomy).Detail);
    }

    private static async Task<Results<Created<ProductDetail>, ValidationProblem>> Create(
        ProductInput input, HttpContext http, CatalogDbContext db, CatalogReadModel readModel, IEventOutbox outbox, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (brandId, categoryId) = await input.ValidateAsync(db, null, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var now = time.GetUtcNow();
        var product = new Product { Id = Ids.New("prod"), Handle = input.Handle, Title = input.Title, CreatedAt = now, UpdatedAt = now };
        input.ApplyTo(product, brandId, categoryId, now);
        db.Products.Add(product);
        if (await SaveAsync(db, outbox, product, validation, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        await readModel.RefreshProductAsync(product.Id, cancellationToken);
        http.Response.Headers.ETag = ETag(product);
        return TypedResults.Created($"/v1/admin/catalog/products/{product.Id}", ProductDocuments.Build(product, readModel.Index.Taxonomy).Detail);
    }

    private static async Task<Results<Ok<ProductDetail>, ValidationProblem, ProblemHttpResult>> Replace(
        string id, ProductInput input, HttpContext http, CatalogDbContext db, CatalogReadModel readModel, IEventOutbox outbox, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var product = await Load(db, id, cancellationToken, tracking: true);
        if (product is null)
        {
            return Problems.NotFound("product");
        }
        if (http.Request.Headers.IfMatch.Count > 0 && !http.Request.Headers.IfMatch.Contains(ETag(product)))
        {
            return StaleVersion();
        }
        var validation = new Validation();
        var (brandId, categoryId) = await input.ValidateAsync(db, id, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        input.ApplyTo(product, brandId, categoryId, time.GetUtcNow());
        try
        {
            if (await SaveAsync(db, outbox, product, validation, cancellationToken) is { } conflict)
            {
                return conflict;
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return StaleVersion();
        }
        await readModel.RefreshProductAsync(product.Id, cancellationToken);
        http.Response.Headers.ETag = ETag(product);
        return TypedResults.Ok(ProductDocuments.Build(product, readModel.Index.Taxonomy).Detail);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, CatalogDbContext db, CatalogReadModel readModel, IEventOutbox outbox, CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var deleted = await db.Products.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                return Problems.NotFound("product");
            }
            await outbox.AppendAsync(transaction.GetDbTransaction(), [ProductChanged(id, exists: false, published: false, version: 0)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await readModel.RefreshProductAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task<Product?> Load(CatalogDbContext db, string id, CancellationToken cancellationToken, bool tracking)
    {
        var products = tracking ? db.Products : db.Products.AsNoTracking();
        return products.Include(p => p.Variants).ThenInclude(v => v.Prices).AsSplitQuery().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>
    /// Saves with its <c>product.changed.v1</c> in one transaction; a unique index that fires because another
    /// request took the handle or a SKU first is a 400, not a 500.
    /// </summary>
    private static async Task<ValidationProblem?> SaveAsync(
        CatalogDbContext db, IEventOutbox outbox, Product product, Validation validation, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await outbox.AppendAsync(transaction.GetDbTransaction(),
                [ProductChanged(product.Id, exists: true, product.Status == ProductStatus.Published, product.Version)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception is not DbUpdateConcurrencyException
            && exception.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true)
        {
            return Problems.Validation(validation.Add("handle", "Another product took this handle or one of these SKUs at the same moment."));
        }
    }

    /// <summary>The event other replicas' read models act on; the version lets one that is already current skip the re-read.</summary>
    private static NewEvent ProductChanged(string productId, bool exists, bool published, int version) =>
        new(EventTypes.ProductChanged, productId, new ProductChangedData(productId, exists, published, version));

    private static string ETag(Product product) => $"\"{product.Id}.{product.Version}\"";

    private static ProblemHttpResult StaleVersion() => Problems.Of(
        StatusCodes.Status412PreconditionFailed, "precondition-failed", "The product changed since you read it.",
        "Read the product again and apply your change to its current version.");
}
