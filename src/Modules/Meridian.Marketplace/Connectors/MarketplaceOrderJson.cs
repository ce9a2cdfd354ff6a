using System.Text.Json;
using System.Text.Json.Serialization;
using Meridian.Marketplace.Contracts;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;

namespace Meridian.Marketplace.Connectors;

/// <summary>
/// The marketplace order format Meridian documents for marketplaces that push orders to it (the simulated
/// marketplace speaks it). Amounts are integer minor units; unknown properties are refused like everywhere in the API.
/// </summary>
internal static class MarketplaceOrderJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static byte[] Write(MarketplaceOrder order) => JsonSerializer.SerializeToUtf8Bytes(new WireOrder(
        order.MarketplaceOrderId, order.Currency,
        new WireBuyer(order.Buyer.Email, order.Buyer.Name),
        order.ShippingAddress is { } a ? new WireAddress(a.Name, a.Line1, a.Line2, a.City, a.PostalCode, a.Country) : null,
        order.Lines.Select(l => new WireLine(l.Sku, l.Quantity, l.UnitPrice)).ToList(),
        order.ShippingTotal, order.Total, order.PaymentReference, order.CreatedAt), Options);

    public static OrderReading Read(ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        WireOrder? wire;
        try
        {
            wire = JsonSerializer.Deserialize<WireOrder>(body.Span, Options);
        }
        catch (JsonException exception)
        {
            var field = exception.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return OrderReading.Invalid(new Validation().Add(field, "The body is not a valid marketplace order: " + Short(exception.Message)).ToDictionary().AsReadOnly());
        }
        if (wire is null)
        {
            return OrderReading.Invalid(new Validation().Add("body", "Send a marketplace order object.").ToDictionary().AsReadOnly());
        }
        var validation = new Validation()
            .Required(wire.Id, "id", 64)
            .When(wire.Id is { Length: > 0 } id && !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'), "id",
                "Letters, digits, '-', '_', '.' or ':' only.")
            .When(!Money.IsSupportedCurrency(wire.Currency), "currency", "An ISO 4217 code Meridian supports.")
            .Required(wire.PaymentReference, "paymentReference", 40)
            .When(wire.PaymentReference is { Length: > 0 } p && !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), "paymentReference",
                "Letters, digits, '-' or '_' only.")
            .When(wire.ShippingTotal is < 0, "shippingTotal", "Zero or more minor units.")
            .When(wire.Total is null, "total", "Send the order's total in minor units.");
        if (wire.Buyer is null)
        {
            validation.Add("buyer", "Send the buyer's email and name.");
        }
        else
        {
            validation.Required(wire.Buyer.Email, "buyer.email", 254)
                .When(wire.Buyer.Email is { } e && (!e.Contains('@', StringComparison.Ordinal) || e.Any(char.IsWhiteSpace)), "buyer.email", "A valid email address.")
                .Required(wire.Buyer.Name, "buyer.name");
        }
        if (wire.ShippingAddress is { } address)
        {
            validation.Required(address.Name, "shippingAddress.name").Required(address.Line1, "shippingAddress.line1")
                .Optional(address.Line2, "shippingAddress.line2").Required(address.City, "shippingAddress.city", 100)
                .Required(address.PostalCode, "shippingAddress.postalCode", 20)
                .When(address.Country is not { Length: 2 } || !address.Country.All(char.IsAsciiLetterUpper), "shippingAddress.country", "An ISO 3166-1 alpha-2 code such as DE.");
        }
        if (wire.Lines is not { Count: > 0 and <= 100 })
        {
            validation.Add("lines", "Send 1 to 100 lines.");
        }
        else
        {
            for (var i = 0; i < wire.Lines.Count; i++)
            {
                var line = wire.Lines[i];
                validation.Required(line.Sku, $"lines[{i}].sku", 64)
                    .When(line.Quantity is not (>= 1 and <= 999), $"lines[{i}].quantity", "1 to 999 units.")
                    .When(line.UnitPrice is not (>= 0 and <= 100_000_000), $"lines[{i}].unitPrice", "Zero or more minor units.");
            }
        }
        if (validation.IsValid)
        {
            var sum = wire.Lines!.Sum(l => l.UnitPrice!.Value * l.Quantity!.Value) + (wire.ShippingTotal ?? 0);
            validation.When(sum != wire.Total, "total", $"The lines and shipping add up to {sum}, not {wire.Total}.");
        }
        if (!validation.IsValid)
        {
            return OrderReading.Invalid(validation.ToDictionary().AsReadOnly());
        }
        var created = wire.CreatedAt ?? now;
        return OrderReading.Of(new MarketplaceOrder(
            wire.Id!, MarketplaceOrderStatus.Open, wire.Currency!,
            wire.Lines!.Select(l => new MarketplaceOrderLine(l.Sku!, l.Quantity!.Value, l.UnitPrice!.Value)).ToList(),
            wire.ShippingTotal ?? 0, wire.Total!.Value, wire.PaymentReference!,
            new MarketplaceBuyer(wire.Buyer!.Email!.Trim(), wire.Buyer.Name!.Trim()),
            wire.ShippingAddress is { } a ? new MarketplaceAddress(a.Name!.Trim(), a.Line1!.Trim(), a.Line2?.Trim(), a.City!.Trim(), a.PostalCode!.Trim(), a.Country!) : null,
            created, created));
    }

    private static string Short(string message) => message.Length > 200 ? message[..200] : message;

    private sealed record WireOrder(
        string? Id, string? Currency, WireBuyer? Buyer, WireAddress? ShippingAddress, IReadOnlyList<WireLine>? Lines,
        long? ShippingTotal, long? Total, string? PaymentReference, DateTimeOffset? CreatedAt);

    private sealed record WireBuyer(string? Email, string? Name);

    private sealed record WireAddress(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country);

    private sealed record WireLine(string? Sku, int? Quantity, long? UnitPrice);
}
