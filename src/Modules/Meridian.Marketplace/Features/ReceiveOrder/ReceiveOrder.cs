using Meridian.Marketplace.Connectors;
using Meridian.Marketplace.Contracts;
using Meridian.Orders.Contracts;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Meridian.Marketplace.Features.ReceiveOrder;

/// <summary>What every delivery of one marketplace order is answered with: the same order, whichever delivery created it.</summary>
internal sealed record InboundOrderResponse(
    string OrderId, string MarketplaceOrderId, string ChannelId, string Status, string? PaymentStatus, string Currency, Money GrandTotal);

/// <summary>The outcome of one delivery, before it becomes HTTP: a status and either the order or a problem.</summary>
internal sealed record InboundOutcome(int Status, InboundOrderResponse? Order, ProblemDetails? Problem, IDictionary<string, string[]>? Errors = null);

/// <summary>
/// <c>POST /v1/channels/{channel}/orders</c>: a marketplace pushes an order. No API key: the request is authenticated
/// by the connector's signature over the raw body. Idempotent by the marketplace's order id: the first delivery gets
/// 201, every later one (also concurrent ones) 200 with the same body. An order Meridian cannot fulfil (a SKU it does
/// not sell, stock it does not have) is refused whole with a problem and nothing is created, so the marketplace
/// cancels and refunds it at once rather than a merchant overselling.
/// </summary>
internal sealed class InboundOrders(MarketplaceChannels channels, MarketplaceSecrets secrets, OrderImporter importer, TimeProvider time, ILogger<InboundOrders> logger)
{
    public const int MaxBodyBytes = 256 * 1024;

    public async Task<InboundOutcome> ReceiveAsync(string channelIdOrHandle, InboundRequest request, CancellationToken cancellationToken)
    {
        var found = await channels.FindAsync(channelIdOrHandle, cancellationToken);
        if (found is null)
        {
            return Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", "No marketplace channel with that id or handle exists.");
        }
        var (channel, connector) = found.Value;
        var (secret, _) = await secrets.GetAsync(channel, cancellationToken);
        var check = connector.VerifySignature(request, secret, time.GetUtcNow());
        if (check != SignatureCheck.Valid)
        {
            logger.SignatureRejected(channel.Handle, check);
            return Problem(StatusCodes.Status401Unauthorized, "signature-" + check.ToString().ToLowerInvariant(), "The request is not signed.", check switch
            {
                SignatureCheck.Missing => "Send webhook-id, webhook-timestamp and webhook-signature headers.",
                SignatureCheck.Expired => "The webhook-timestamp is too far from now; sign the request again.",
                _ => "No signature matches the body and the channel's secret.",
            });
        }
        var reading = connector.ReadOrder(request.Body);
        if (reading.Order is not { } order)
        {
            return new InboundOutcome(StatusCodes.Status400BadRequest, null, null, reading.Errors.ToDictionary());
        }
        var result = await importer.ImportAsync(channel, connector, order, "inbound", cancellationToken);
        return result.Status switch
        {
            ImportStatus.Created => new InboundOutcome(StatusCodes.Status201Created, Response(channel, order, result.Order!), null),
            ImportStatus.AlreadyImported => new InboundOutcome(StatusCodes.Status200OK, Response(channel, order, result.Order!), null),
            ImportStatus.Changed => Problem(StatusCodes.Status409Conflict, "marketplace-order-changed", "The order was already imported.",
                "This marketplace order was imported before with other lines or totals; reconciliation flags the difference.", ("orderId", result.Order?.Id)),
            ImportStatus.UnknownSku => Problem(StatusCodes.Status422UnprocessableEntity, "unknown-sku", "The order has SKUs this shop does not sell.",
                "Unknown or unpublished SKUs: " + string.Join(", ", result.Skus) + ". Nothing was created.", ("skus", result.Skus)),
            _ => Problem(StatusCodes.Status409Conflict, "stock-unavailable", "Not enough stock.",
                "Not enough stock for: " + string.Join(", ", result.Skus) + ". Nothing was created.", ("skus", result.Skus)),
        };
    }

    private static InboundOrderResponse Response(MarketplaceChannel channel, MarketplaceOrder order, OrderView placed) =>
        new(placed.Id, order.MarketplaceOrderId, channel.ChannelId, Names.Snake(placed.Status),
            placed.PaymentStatus == OrderPaymentStatus.None ? null : Names.Snake(placed.PaymentStatus), placed.Currency, new Money(placed.GrandTotal, placed.Currency));

    private static InboundOutcome Problem(int status, string slug, string title, string detail, params (string Name, object? Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Type = Problems.TypeBase + slug, Title = title, Detail = detail };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }
        return new InboundOutcome(status, null, problem);
    }
}

internal static class ReceiveOrder
{
    public static void MapReceiveOrder(this IEndpointRouteBuilder api) =>
        api.MapPost("/channels/{channel}/orders", async (string channel, HttpContext http, InboundOrders inbound) =>
            {
                var body = await ReadBodyAsync(http.Request, http.RequestAborted);
                if (body is null)
                {
                    return TypedResults.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Type = Problems.TypeBase + "body-too-large",
                        Title = "The body is too large.",
                        Detail = $"A marketplace order is at most {InboundOrders.MaxBodyBytes} bytes.",
                    });
                }
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var name in new[] { StandardWebhooks.IdHeader, StandardWebhooks.TimestampHeader, StandardWebhooks.SignatureHeader })
                {
                    if (http.Request.Headers.TryGetValue(name, out var value))
                    {
                        headers[name] = value.ToString();
                    }
                }
                return ToResult(await inbound.ReceiveAsync(channel, new InboundRequest(headers, body), http.RequestAborted), http);
            })
            .AllowAnonymous()
            .Accepts<object>("application/json")
            .WithName("ReceiveMarketplaceOrder")
            .WithSummary("Receives an order from a marketplace, signed per Standard Webhooks; idempotent by the marketplace's order id.")
            .WithTags("Marketplaces");

    public static IResult ToResult(InboundOutcome outcome, HttpContext? http = null)
    {
        if (outcome.Errors is { } errors)
        {
            return Problems.Validation(ToValidation(errors));
        }
        if (outcome.Problem is { } problem)
        {
            return TypedResults.Problem(problem);
        }
        if (outcome.Status == StatusCodes.Status201Created)
        {
            return TypedResults.Created($"/v1/admin/orders/{outcome.Order!.OrderId}", outcome.Order);
        }
        http?.Response.Headers.Append("Idempotent-Replayed", "true");
        return TypedResults.Ok(outcome.Order);
    }

    private static Validation ToValidation(IDictionary<string, string[]> errors)
    {
        var validation = new Validation();
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                validation.Add(field, message);
            }
        }
        return validation;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > InboundOrders.MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
