using Meridian.Orders.Data;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Orders.Features.GetOrder;

/// <summary><c>GET /v1/orders/{id}</c> (404 for someone else's) and <c>GET /v1/admin/orders/{id}</c>, with the order's ETag.</summary>
internal static class GetOrder
{
    public static void MapGetMyOrder(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/{id}", (string id, HttpContext http, OrdersDbContext db, CancellationToken cancellationToken) =>
                GetAsync(http, db, id, OrderEndpoints.CustomerOf(http), cancellationToken))
            .RequireAuthorization(Policies.Customer)
            .WithName("GetMyOrder").WithSummary("Gets one of the signed-in customer's orders.").WithTags("Orders");

    public static void MapGetOrderAdmin(this IEndpointRouteBuilder admin) =>
        admin.MapGet("/{id}", (string id, HttpContext http, OrdersDbContext db, CancellationToken cancellationToken) =>
                GetAsync(http, db, id, null, cancellationToken))
            .RequireAuthorization(Policies.Admin(Scopes.OrdersRead))
            .WithName("GetOrder").WithSummary("Gets an order with its fulfilments, returns, refunds and history.").WithTags("Orders admin");

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(
        HttpContext http, OrdersDbContext db, string id, string? customerId, CancellationToken cancellationToken) =>
        await OrderEndpoints.LoadAsync(db, id, customerId, cancellationToken) is { } order
            ? OrderEndpoints.Respond(http, order)
            : Problems.NotFound("order");
}
