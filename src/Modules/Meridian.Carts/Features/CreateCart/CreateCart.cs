using Meridian.Carts.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;
using Meridian.SharedKernel.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Meridian.Carts.Features.CreateCart;

/// <summary>The body of <c>POST /v1/carts</c>; it may be empty.</summary>
/// <param name="Currency">ISO 4217 code; EUR when absent.</param>
/// <param name="Email">Where the order confirmation goes, if known already.</param>
internal sealed record CreateCartRequest(string? Currency = null, string? Email = null);

/// <summary>
/// <c>POST /v1/carts</c>: opens an empty cart in the channel of the caller's API key, owned by the customer
/// when a valid bearer token comes with it. An <c>Idempotency-Key</c> makes retries of an offline kiosk
/// return the first cart instead of opening another.
/// </summary>
internal static class CreateCart
{
    public const int MaxEmailLength = 254;

    public static void MapCreateCart(this IEndpointRouteBuilder carts) =>
        carts.MapPost("", Handle)
            .AcceptIdempotencyKey()
            .WithName("CreateCart")
            .WithSummary("Opens a cart in the caller's channel; send an Idempotency-Key to retry safely.")
            .Produces<CartResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

    private static async Task<IResult> Handle(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CreateCartRequest? request,
        HttpContext http,
        CartWorkflow workflow,
        ILogger<CartWorkflow> logger,
        CancellationToken cancellationToken)
    {
        var currency = (request?.Currency ?? "EUR").Trim().ToUpperInvariant();
        var email = request?.Email?.Trim();
        var validation = new Validation()
            .When(!Money.IsSupportedCurrency(currency), "currency", $"One of {string.Join(", ", Money.SupportedCurrencies.Order(StringComparer.Ordinal))}.")
            .When(email is not null && !LooksLikeEmail(email), "email", $"An email address of at most {MaxEmailLength} characters.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var (caller, failure) = await CartWorkflow.IdentifyAsync(http);
        if (failure is not null)
        {
            return failure;
        }
        var cart = Cart.Open(Ids.New("cart"), caller!.ChannelId, caller.CustomerId, currency, email, workflow.Now, workflow.Options.IdleTimeout);
        await workflow.Store.AddAsync(cart, cancellationToken);
        logger.CartCreated(cart.Id, cart.ChannelId);
        return await workflow.RespondAsync(http, cart, created: true, cancellationToken);
    }

    private static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return email.Length <= MaxEmailLength
            && at > 0
            && at == email.LastIndexOf('@')
            && at < email.Length - 1
            && !email.Any(char.IsWhiteSpace);
    }
}
