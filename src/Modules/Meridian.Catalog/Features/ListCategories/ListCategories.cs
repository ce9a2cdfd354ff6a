using Meridian.Catalog.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Catalog.Features.ListCategories;

internal sealed record CategoryNode(string Id, string Handle, string Name, IReadOnlyList<CategoryNode> Children);

/// <summary><c>GET /v1/catalog/categories</c>: the whole category tree, roots first, in the admin's order.</summary>
internal static class ListCategories
{
    public static void MapListCategories(this IEndpointRouteBuilder catalog) =>
        catalog.MapGet("/categories", Handle)
            .WithName("ListCategories")
            .WithSummary("Gets the category tree.")
            .WithTags("Catalog");

    private static Ok<IReadOnlyList<CategoryNode>> Handle(CatalogReadModel readModel)
    {
        var taxonomy = readModel.Index.Taxonomy;
        IReadOnlyList<CategoryNode> Children(string? parentId) =>
            (parentId is null ? taxonomy.Categories.Where(c => c.ParentId is null) : taxonomy.ChildrenOf(parentId))
                .Select(c => new CategoryNode(c.Id, c.Handle, c.Name, Children(c.Id)))
                .ToList();
        return TypedResults.Ok(Children(null));
    }
}
