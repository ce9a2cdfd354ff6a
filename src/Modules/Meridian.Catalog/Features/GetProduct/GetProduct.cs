using Meridian.Catalog.Search;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Catalog.Features.GetProduct;

/// <summary><c>GET /v1/catalog/products/{idOrHandle}</c>: a published product's page, with an ETag so caches can revalidate.</summary>
internal static class GetProduct
{
    public static void MapGetProduct(this IEndpointRouteBuilder catalog) =>
        catalog.MapGet("/products/{idOrHandle}", Handle)
            .WithName("GetProduct")
            .WithSummary("Gets a published product by id or handle.")
            .WithTags("Catalog");

    private static Results<Ok<ProductDetail>, StatusCodeHttpResult, ProblemHttpResult> Handle(
        string idOrHandle, HttpContext http, CatalogReadModel readModel)
    {
        var document = readModel.Index.Find(idOrHandle);
        if (document is null)
        {
            return Problems.NotFound("product");
        }
        var etag = $"\"{document.Id}.{document.Detail.Version}\"";
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.Contains(etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Ok(document.Detail);
    }
}
