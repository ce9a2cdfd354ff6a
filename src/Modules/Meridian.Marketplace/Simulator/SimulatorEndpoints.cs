using System.Text.Json;
using Meridian.Marketplace.Connectors;
using Meridian.Marketplace.Contracts;
using Meridian.Marketplace.Features.ReceiveOrder;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Marketplace.Simulator;

internal sealed record SimOrderRequest(IReadOnlyList<SimOrderLineRequest>? Lines, long? ShippingTotal = null, bool? Deliver = null);

internal sealed record SimOrderLineRequest(string? Sku, int? Quantity, long? UnitPrice = null);

internal sealed record SimDeliveryResponse(int Status, string? OrderId, string? ProblemType);

internal sealed record SimOrderResponse(
    string Id, string ChannelId, string Status, string? CancelReason, string Currency, IReadOnlyList<SimLine> Lines, long ShippingTotal, long Total,
    int? DeliveryStatus, string? AcknowledgedOrderId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, SimDeliveryResponse? Delivery)
{
    public static SimOrderResponse From(SimOrder o, InboundOutcome? delivery) =>
        new(o.Id, o.ChannelId, o.Status, o.CancelReason, o.Currency,
            JsonSerializer.Deserialize<List<SimLine>>(o.Lines, MarketplaceOrderJson.Options) ?? [], o.ShippingTotal, o.Total,
            o.DeliveryStatus, o.AcknowledgedOrderId, o.CreatedAt, o.UpdatedAt,
            delivery is null ? null : new SimDeliveryResponse(delivery.Status, delivery.Order?.OrderId ?? (delivery.Problem is { } p && p.Extensions.TryGetValue("orderId", out var id) ? id as string : null),
                delivery.Problem?.Type ?? (delivery.Errors is null ? null : Problems.TypeBase + "validation")));
}

internal sealed record SimListingResponse(string ChannelId, string Sku, int? Stock, int StockPushes, long? Price, string? Currency, int PricePushes, DateTimeOffset UpdatedAt);

/// <summary>
/// <c>/v1/admin/marketplace/{channel}/simulator/…</c>: drive the simulated marketplace for tests and the demo. Place
/// an order as a buyer would (delivered to Meridian at once unless <c>deliver</c> is false: the marketplace "forgot"),
/// deliver it again, cancel it as the buyer, and read what the marketplace holds and was told.
/// </summary>
internal static class SimulatorEndpoints
{
    public static void MapSimulator(this IEndpointRouteBuilder marketplace)
    {
        var simulator = marketplace.MapGroup("/{channel}/simulator").WithTags("Marketplace simulator");
        simulator.MapPost("/orders", CreateAsync).RequireAuthorization(Policies.Admin(Scopes.MarketplaceWrite))
            .WithName("CreateSimulatedMarketplaceOrder").WithSummary("A buyer orders on the simulated marketplace; it is delivered to Meridian unless deliver is false.");
        simulator.MapPost("/orders/{id}/deliver", DeliverAsync).RequireAuthorization(Policies.Admin(Scopes.MarketplaceWrite))
            .WithName("DeliverSimulatedMarketplaceOrder").WithSummary("The simulated marketplace delivers the order (again), signed.");
        simulator.MapPost("/orders/{id}/cancel", CancelAsync).RequireAuthorization(Policies.Admin(Scopes.MarketplaceWrite))
            .WithName("CancelSimulatedMarketplaceOrder").WithSummary("The buyer cancels on the simulated marketplace, which does not tell Meridian.");
        simulator.MapGet("/orders/{id}", GetOrderAsync).RequireAuthorization(Policies.Admin(Scopes.MarketplaceRead))
            .WithName("GetSimulatedMarketplaceOrder").WithSummary("An order as the simulated marketplace holds it.");
        simulator.MapGet("/listings/{sku}", GetListingAsync).RequireAuthorization(Policies.Admin(Scopes.MarketplaceRead))
            .WithName("GetSimulatedMarketplaceListing").WithSummary("The stock and price the simulated marketplace was last told for a SKU.");
    }

    private static async Task<Results<Created<SimOrderResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string channel, SimOrderRequest body, MarketplaceChannels channels, SimMarket market, CancellationToken cancellationToken)
    {
        var validation = new Validation()
            .When(body.Lines is not { Count: > 0 and <= 20 }, "lines", "Send 1 to 20 lines.")
            .When(body.ShippingTotal is < 0 or > 100_000, "shippingTotal", "0 to 100000 minor units.");
        for (var i = 0; i < (body.Lines?.Count ?? 0); i++)
        {
            var line = body.Lines![i];
            validation.Required(line.Sku, $"lines[{i}].sku", 64)
                .When(line.Quantity is not (>= 1 and <= 999), $"lines[{i}].quantity", "1 to 999 units.")
                .When(line.UnitPrice is < 0 or > 100_000_000, $"lines[{i}].unitPrice", "Zero or more minor units.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        if (await SimulatedAsync(channels, channel, cancellationToken) is not { } found)
        {
            return Problems.NotFound("simulated marketplace channel");
        }
        var (order, error) = await market.CreateOrderAsync(found, body.Lines!.Select(l => (l.Sku!, l.Quantity!.Value, l.UnitPrice)).ToList(),
            body.ShippingTotal ?? 0, cancellationToken);
        if (order is null)
        {
            return Problems.Validation("lines", error!);
        }
        InboundOutcome? delivery = null;
        if (body.Deliver ?? true)
        {
            delivery = await market.DeliverAsync(found, order, cancellationToken);
        }
        var fresh = await market.FindAsync(found, order.Id, cancellationToken);
        return TypedResults.Created($"/v1/admin/marketplace/{channel}/simulator/orders/{order.Id}", SimOrderResponse.From(fresh!, delivery));
    }

    private static async Task<Results<Ok<SimOrderResponse>, ProblemHttpResult>> DeliverAsync(
        string channel, string id, MarketplaceChannels channels, SimMarket market, CancellationToken cancellationToken)
    {
        if (await SimulatedAsync(channels, channel, cancellationToken) is not { } found || await market.FindAsync(found, id, cancellationToken) is not { } order)
        {
            return Problems.NotFound("simulated marketplace order");
        }
        var delivery = await market.DeliverAsync(found, order, cancellationToken);
        return TypedResults.Ok(SimOrderResponse.From((await market.FindAsync(found, id, cancellationToken))!, delivery));
    }

    private static async Task<Results<Ok<SimOrderResponse>, ProblemHttpResult>> CancelAsync(
        string channel, string id, MarketplaceChannels channels, SimMarket market, CancellationToken cancellationToken)
    {
        if (await SimulatedAsync(channels, channel, cancellationToken) is not { } found || await market.CancelAsync(found, id, cancellationToken) is not { } order)
        {
            return Problems.NotFound("simulated marketplace order");
        }
        return TypedResults.Ok(SimOrderResponse.From(order, null));
    }

    private static async Task<Results<Ok<SimOrderResponse>, ProblemHttpResult>> GetOrderAsync(
        string channel, string id, MarketplaceChannels channels, SimMarket market, CancellationToken cancellationToken)
    {
        if (await SimulatedAsync(channels, channel, cancellationToken) is not { } found || await market.FindAsync(found, id, cancellationToken) is not { } order)
        {
            return Problems.NotFound("simulated marketplace order");
        }
        return TypedResults.Ok(SimOrderResponse.From(order, null));
    }

    private static async Task<Results<Ok<SimListingResponse>, ProblemHttpResult>> GetListingAsync(
        string channel, string sku, MarketplaceChannels channels, SimMarketDbContext db, CancellationToken cancellationToken)
    {
        if (await SimulatedAsync(channels, channel, cancellationToken) is not { } found)
        {
            return Problems.NotFound("simulated marketplace channel");
        }
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.ChannelId == found.ChannelId && l.Sku == sku, cancellationToken);
        return listing is null
            ? Problems.NotFound("listing")
            : TypedResults.Ok(new SimListingResponse(listing.ChannelId, listing.Sku, listing.Stock, listing.StockPushes, listing.Price, listing.Currency,
                listing.PricePushes, listing.UpdatedAt));
    }

    private static async Task<MarketplaceChannel?> SimulatedAsync(MarketplaceChannels channels, string channel, CancellationToken cancellationToken) =>
        await channels.FindAsync(channel, cancellationToken) is { } found && found.Connector is SimMarketConnector ? found.Channel : null;
}
