using Meridian.Catalog.Contracts;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Carts.Features.AddItem;

/// <summary>The body of <c>POST /v1/carts/{id}/items</c>: a variant by id or by SKU, and how many. No price: the server prices.</summary>
internal sealed record AddItemRequest(string? VariantId = null, string? Sku = null, int Quantity = 1);

/// <summary>
/// <c>POST /v1/carts/{id}/items</c>: adds units of a published variant priced in the cart's currency. The same
/// variant again adds to its line, up to the per-line limit.
/// </summary>
internal static class AddItem
{
    public static void MapAddItem(this IEndpointRouteBuilder carts) =>
        carts.MapPost("/{id}/items", Handle)
            .WithName("AddCartItem")
            .WithSummary("Adds a variant (by id or SKU) to the cart, or more of it to its line.")
            .Produces<CartResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static Task<IResult> Handle(
        string id, AddItemRequest request, HttpContext http, CartWorkflow workflow, ICatalogVariants catalog, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .When(request.VariantId is null == request.Sku is null, request.VariantId is null ? "variantId" : "sku", "Send either variantId or sku.")
            .Optional(request.VariantId, "variantId", 64)
            .Optional(request.Sku, "sku", 64);
        if (!validation.IsValid)
        {
            return Task.FromResult<IResult>(Problems.Validation(validation));
        }
        var (field, key) = request.VariantId is not null ? ("variantId", request.VariantId) : ("sku", request.Sku!);
        return workflow.MutateAsync(http, id, (cart, _) =>
        {
            if (!catalog.Find([key], cart.Currency).TryGetValue(key, out var variant))
            {
                return Task.FromResult<IResult?>(Problems.Validation(field, "No published variant has this " + (field == "sku" ? "SKU." : "id.")));
            }
            if (variant.UnitPrice is null)
            {
                return Task.FromResult<IResult?>(Problems.Validation(field, $"This variant has no price in {cart.Currency}."));
            }
            var (_, error) = cart.AddItem(variant.VariantId, variant.Sku, variant.ProductTitle, variant.VariantTitle, variant.ImageUrl,
                request.Quantity, workflow.Limits, () => Ids.New("line"));
            return Task.FromResult<IResult?>(error is null ? null : Problems.Validation(error.Field == "variantId" ? field : error.Field, error.Message));
        }, cancellationToken);
    }
}
