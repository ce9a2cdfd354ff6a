using Meridian.Orders.Contracts;
using Meridian.Orders.Data;
using Meridian.Orders.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Orders.Features.ListOrders;

/// <summary>
/// <c>GET /v1/orders</c> (the caller's own) and <c>GET /v1/admin/orders?status=</c>: newest first, by
/// cursor. Order ids are ULIDs, so they sort by creation time and the cursor is simply the last id.
/// </summary>
internal static class ListOrders
{
    public static void MapListMyOrders(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/", (int? limit, string? cursor, HttpContext http, OrdersDbContext db, CancellationToken cancellationToken) =>
                ListAsync(db, OrderEndpoints.CustomerOf(http), null, limit, cursor, cancellationToken))
            .RequireAuthorization(Policies.Customer)
            .WithName("ListMyOrders").WithSummary("Lists the signed-in customer's orders, newest first.").WithTags("Orders");

    public static void MapListOrdersAdmin(this IEndpointRouteBuilder admin) =>
        admin.MapGet("/", (int? limit, string? cursor, string? status, OrdersDbContext db, CancellationToken cancellationToken) =>
                ListAsync(db, null, status, limit, cursor, cancellationToken))
            .RequireAuthorization(Policies.Admin(Scopes.OrdersRead))
            .WithName("ListOrders").WithSummary("Lists orders, newest first, optionally by status.").WithTags("Orders admin");

    private static async Task<Results<Ok<Page<OrderResponse>>, ValidationProblem>> ListAsync(
        OrdersDbContext db, string? customerId, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var take = Paging.Limit(limit, validation);
        validation.When(cursor is not null && !Ids.HasPrefix(cursor, "ord"), "cursor", "Pass the nextCursor of the previous page.");
        OrderStatus? wanted = null;
        if (status is not null)
        {
            wanted = Enum.GetValues<OrderStatus>().Cast<OrderStatus?>().FirstOrDefault(s => OrderStates.Snake(s!.Value) == status);
            validation.When(wanted is null, "status", "One of pending, placed, completed, cancelled.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var query = db.Orders.AsNoTracking().Include(o => o.History).AsQueryable();
        if (customerId is not null)
        {
            query = query.Where(o => o.CustomerId == customerId);
        }
        if (wanted is { } s)
        {
            query = query.Where(o => o.Status == s);
        }
        if (cursor is not null)
        {
            query = query.Where(o => string.Compare(o.Id, cursor) < 0);
        }
        var page = await query.OrderByDescending(o => o.Id).Take(take + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var items = page.Take(take).Select(OrderResponse.From).ToList();
        return TypedResults.Ok(new Page<OrderResponse>(items, page.Count > take ? items[^1].Id : null));
    }
}
