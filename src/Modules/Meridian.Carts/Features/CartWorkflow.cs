using Meridian.Carts.Data;
using Meridian.Carts.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Meridian.Carts.Features;

/// <summary>Who is asking: the channel of their API key and, when they sent a valid bearer token, the customer.</summary>
internal sealed record Caller(string? ChannelId, string? CustomerId);

/// <summary>
/// What every cart endpoint shares: who may see a cart, <c>ETag</c> / <c>If-Match</c>, the conditional write
/// with retry, and the priced response.
/// </summary>
/// <remarks>
/// Visibility: a cart is visible to keys of the channel that created it; a customer's cart only with that
/// customer's bearer token. Everyone else, and every expired or merged cart, gets 404. A mutation with an
/// <c>If-Match</c> that is not the current ETag gets 412 and changes nothing; a mutation without <c>If-Match</c>
/// applies to the current version (last writer wins per change, never a lost update: the write is conditional
/// on the version read, and retried on a fresh read up to three times, then 409).
/// </remarks>
internal sealed class CartWorkflow(ICartStore store, CartPricer pricer, TimeProvider time, IOptions<CartsOptions> options, ILogger<CartWorkflow> logger)
{
    private const int MaxAttempts = 3;

    public CartsOptions Options => options.Value;

    public CartLimits Limits => new(Options.MaxQuantityPerLine, Options.MaxLines, Options.MaxPromotionCodes);

    public DateTimeOffset Now => time.GetUtcNow();

    public ICartStore Store => store;

    public CartPricer Pricer => pricer;

    /// <summary>The caller, or a 401 when they sent a bearer token that is not valid.</summary>
    public static async Task<(Caller? Caller, IResult? Failure)> IdentifyAsync(HttpContext http)
    {
        var channel = http.User.FindFirst(MeridianClaims.ChannelId)?.Value;
        var (customer, invalidToken) = await Callers.OptionalCustomerAsync(http);
        if (invalidToken)
        {
            return (null, Problems.Of(StatusCodes.Status401Unauthorized, "unauthenticated", "Not signed in.",
                "The access token is not valid or has expired. Refresh it, sign in again, or send no token to shop as a guest."));
        }
        return (new Caller(channel, customer), null);
    }

    /// <summary>True when <paramref name="caller"/> may see <paramref name="cart"/> now.</summary>
    public static bool IsVisibleTo(Cart cart, Caller caller, DateTimeOffset now) =>
        cart.ChannelId == caller.ChannelId
        && (cart.CustomerId is null || cart.CustomerId == caller.CustomerId)
        && cart.Status != CartStatus.Merged
        && !cart.IsExpiredAt(now);

    public static string ETagOf(int version) => $"\"{version}\"";

    /// <summary>True when the request sent <c>If-Match</c> and none of its tags is the cart's current one.</summary>
    public static bool IfMatchFails(HttpRequest request, int version)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return false;
        }
        var current = ETagOf(version);
        foreach (var tag in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (tag == "*" || (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == current)
            {
                return false;
            }
        }
        return true;
    }

    public static IResult NotFound() => Problems.NotFound("cart");

    public static IResult PreconditionFailed(int version) =>
        Problems.Of(StatusCodes.Status412PreconditionFailed, "precondition-failed", "The cart has changed.",
            $"If-Match does not match the cart's current version {ETagOf(version)}. Read the cart again and retry with its ETag.");

    /// <summary>The visible cart, or null (which answers 404).</summary>
    public async Task<Cart?> FindVisibleAsync(string cartId, Caller caller, CancellationToken cancellationToken)
    {
        if (!Ids.HasPrefix(cartId, "cart"))
        {
            return null;
        }
        var cart = await store.FindAsync(cartId, cancellationToken);
        return cart is not null && IsVisibleTo(cart, caller, Now) ? cart : null;
    }

    /// <summary><c>GET</c>: the priced cart with its ETag.</summary>
    public async Task<IResult> ReadAsync(HttpContext http, string cartId, CancellationToken cancellationToken)
    {
        var (caller, failure) = await IdentifyAsync(http);
        if (failure is not null)
        {
            return failure;
        }
        var cart = await FindVisibleAsync(cartId, caller!, cancellationToken);
        return cart is null ? NotFound() : await RespondAsync(http, cart, created: false, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current version of the cart and stores it conditionally. The change
    /// returns a result (a 400, a 404 for a line) to refuse, and nothing is stored then; null to go ahead.
    /// </summary>
    public async Task<IResult> MutateAsync(HttpContext http, string cartId, Func<Cart, Caller, Task<IResult?>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(change);
        var (caller, failure) = await IdentifyAsync(http);
        if (failure is not null)
        {
            return failure;
        }
        for (var attempt = 1; ; attempt++)
        {
            var cart = await FindVisibleAsync(cartId, caller!, cancellationToken);
            if (cart is null)
            {
                return NotFound();
            }
            if (IfMatchFails(http.Request, cart.Version))
            {
                return PreconditionFailed(cart.Version);
            }
            if (cart.Status == CartStatus.Converted)
            {
                return Problems.Conflict("This cart has become an order and can no longer change. Start a new cart.");
            }
            var expectedVersion = cart.Version;
            if (await change(cart, caller!) is { } refusal)
            {
                return refusal;
            }
            cart.Touch(Now, Options.IdleTimeout);
            if (await store.TryReplaceAsync(cart, expectedVersion, cancellationToken))
            {
                return await RespondAsync(http, cart, created: false, cancellationToken);
            }
            if (http.Request.Headers.IfMatch.Count > 0)
            {
                return PreconditionFailed(expectedVersion + 1);
            }
            if (attempt == MaxAttempts)
            {
                return Problems.Conflict("The cart is being changed by another request. Read it again and retry.");
            }
            logger.ConcurrentChangeRetried(cartId, attempt);
        }
    }

    /// <summary>Prices the cart and answers with it, its <c>ETag</c>, and <c>Cache-Control: no-store</c>.</summary>
    public async Task<IResult> RespondAsync(HttpContext http, Cart cart, bool created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var priced = await pricer.PriceAsync(cart, cancellationToken);
        http.Response.Headers.ETag = ETagOf(cart.Version);
        http.Response.Headers.CacheControl = "no-store";
        var body = CartResponse.From(priced);
        return created ? TypedResults.Created($"/v1/carts/{cart.Id}", body) : TypedResults.Ok(body);
    }
}
