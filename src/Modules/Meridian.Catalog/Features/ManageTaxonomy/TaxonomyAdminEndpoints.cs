using Meridian.Catalog.Data;
using Meridian.Catalog.Domain;
using Meridian.Catalog.Search;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Catalog.Features.ManageTaxonomy;

internal sealed record CreateCategoryRequest(string Handle, string Name, string? Parent = null);

internal sealed record CreateBrandRequest(string Handle, string Name);

internal sealed record CreateAttributeRequest(string Code, string Name, string Kind, bool Filterable = true);

internal sealed record AttributeResponse(string Code, string Name, string Kind, bool Filterable);

/// <summary>Admin creation of categories, brands and attributes; the search index learns of each at once.</summary>
internal static class TaxonomyAdminEndpoints
{
    public static void MapTaxonomyAdmin(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/categories", CreateCategory).RequireAuthorization(Policies.Admin(Scopes.CatalogWrite))
            .WithName("CreateCategory").WithSummary("Creates a category, under a parent or as a root.").WithTags("Catalog admin");
        admin.MapPost("/brands", CreateBrand).RequireAuthorization(Policies.Admin(Scopes.CatalogWrite))
            .WithName("CreateBrand").WithSummary("Creates a brand.").WithTags("Catalog admin");
        admin.MapGet("/brands", ListBrands).RequireAuthorization(Policies.Admin(Scopes.CatalogRead))
            .WithName("ListBrands").WithSummary("Lists brands.").WithTags("Catalog admin");
        admin.MapPost("/attributes", CreateAttribute).RequireAuthorization(Policies.Admin(Scopes.CatalogWrite))
            .WithName("CreateAttribute").WithSummary("Creates a product attribute or a variant option.").WithTags("Catalog admin");
        admin.MapGet("/attributes", ListAttributes).RequireAuthorization(Policies.Admin(Scopes.CatalogRead))
            .WithName("ListAttributes").WithSummary("Lists attributes and options.").WithTags("Catalog admin");
    }

    private static async Task<Results<Created<CategoryView>, ValidationProblem, ProblemHttpResult>> CreateCategory(
        CreateCategoryRequest request, CatalogDbContext db, CatalogReadModel readModel, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required(request.Name, "name");
        validation.When(!Handles.IsValid(request.Handle), "handle", Handles.Rule);
        string? parentId = null;
        if (request.Parent is not null)
        {
            parentId = await db.Categories.Where(c => c.Handle == request.Parent).Select(c => c.Id).SingleOrDefaultAsync(cancellationToken);
            validation.When(parentId is null, "parent", "No category with that handle.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await db.Categories.AnyAsync(c => c.Handle == request.Handle, cancellationToken))
        {
            return Problems.Conflict($"A category with handle '{request.Handle}' exists.");
        }
        var position = await db.Categories.CountAsync(cancellationToken);
        var category = new Category { Id = Ids.New("cat"), Handle = request.Handle, Name = request.Name.Trim(), ParentId = parentId, Position = position };
        db.Categories.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        await readModel.RefreshTaxonomyAsync(cancellationToken);
        return TypedResults.Created($"/v1/catalog/categories", new CategoryView(category.Id, category.Handle, category.Name));
    }

    private static async Task<Results<Created<BrandView>, ValidationProblem, ProblemHttpResult>> CreateBrand(
        CreateBrandRequest request, CatalogDbContext db, CatalogReadModel readModel, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required(request.Name, "name");
        validation.When(!Handles.IsValid(request.Handle), "handle", Handles.Rule);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await db.Brands.AnyAsync(b => b.Handle == request.Handle, cancellationToken))
        {
            return Problems.Conflict($"A brand with handle '{request.Handle}' exists.");
        }
        var brand = new Brand { Id = Ids.New("brand"), Handle = request.Handle, Name = request.Name.Trim() };
        db.Brands.Add(brand);
        await db.SaveChangesAsync(cancellationToken);
        await readModel.RefreshTaxonomyAsync(cancellationToken);
        return TypedResults.Created($"/v1/admin/catalog/brands/{brand.Id}", new BrandView(brand.Id, brand.Handle, brand.Name));
    }

    private static async Task<Ok<Page<BrandView>>> ListBrands(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var brands = await db.Brands.AsNoTracking().OrderBy(b => b.Handle).Select(b => new BrandView(b.Id, b.Handle, b.Name)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<BrandView>(brands, null));
    }

    private static async Task<Results<Created<AttributeResponse>, ValidationProblem, ProblemHttpResult>> CreateAttribute(
        CreateAttributeRequest request, CatalogDbContext db, CatalogReadModel readModel, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required(request.Name, "name");
        validation.When(request.Code.Length is 0 or > 40 || !request.Code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'),
            "code", "1 to 40 lower-case letters, digits or underscores.");
        validation.When(request.Kind is not ("attribute" or "option"), "kind", "One of attribute, option.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await db.Attributes.AnyAsync(a => a.Code == request.Code, cancellationToken))
        {
            return Problems.Conflict($"An attribute with code '{request.Code}' exists.");
        }
        var attribute = new AttributeDefinition
        {
            Code = request.Code,
            Name = request.Name.Trim(),
            Kind = request.Kind == "option" ? AttributeKind.Option : AttributeKind.Attribute,
            Filterable = request.Filterable,
        };
        db.Attributes.Add(attribute);
        await db.SaveChangesAsync(cancellationToken);
        await readModel.RefreshTaxonomyAsync(cancellationToken);
        return TypedResults.Created($"/v1/admin/catalog/attributes/{attribute.Code}", ToResponse(attribute));
    }

    private static async Task<Ok<Page<AttributeResponse>>> ListAttributes(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var attributes = await db.Attributes.AsNoTracking().OrderBy(a => a.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<AttributeResponse>(attributes.Select(ToResponse).ToList(), null));
    }

    private static AttributeResponse ToResponse(AttributeDefinition a) =>
        new(a.Code, a.Name, a.Kind.ToString().ToLowerInvariant(), a.Filterable);
}
