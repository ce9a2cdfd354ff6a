using Meridian.Orders.Contracts;
using Meridian.Orders.Data;
using Meridian.Orders.Features.CancelOrder;
using Meridian.Orders.Features.CapturePayment;
using Meridian.Orders.Features.FulfilOrder;
using Meridian.Orders.Features.GetOrder;
using Meridian.Orders.Features.ListOrders;
using Meridian.Orders.Features.PlaceOrders;
using Meridian.Orders.Features.RefundOrder;
using Meridian.Orders.Features.ReturnItems;
using Meridian.SharedKernel.Data;
using Meridian.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Orders;

/// <summary>
/// Orders and fulfilment: Checkout creates and places orders through <see cref="IOrders"/>; customers read
/// and cancel their own; operators fulfil, capture, refund and take returns under <c>/admin/orders</c>.
/// </summary>
public sealed class OrdersModule : IModule
{
    /// <inheritdoc />
    public string Name => "orders";

    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<OrdersDbContext, OrdersPostgresDbContext>(configuration, Name);
        services.AddScoped<IOrders, OrderService>();
    }

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        var orders = api.MapGroup("/orders");
        orders.MapListMyOrders();
        orders.MapGetMyOrder();
        orders.MapCancelMyOrder();

        var admin = api.MapGroup("/admin/orders");
        admin.MapListOrdersAdmin();
        admin.MapGetOrderAdmin();
        admin.MapFulfilOrder();
        admin.MapCapturePayment();
        admin.MapRefundOrder();
        admin.MapReturnItems();
        admin.MapCancelOrderAdmin();
    }
}
