using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Carts.Features.GetCart;

/// <summary><c>GET /v1/carts/{id}</c>: the cart priced now, with its <c>ETag</c>.</summary>
internal static class GetCart
{
    public static void MapGetCart(this IEndpointRouteBuilder carts) =>
        carts.MapGet("/{id}", (string id, HttpContext http, CartWorkflow workflow, CancellationToken cancellationToken) =>
                workflow.ReadAsync(http, id, cancellationToken))
            .WithName("GetCart")
            .WithSummary("Gets a cart with lines, promotions, shipping and totals computed by the server.")
            .Produces<CartResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
