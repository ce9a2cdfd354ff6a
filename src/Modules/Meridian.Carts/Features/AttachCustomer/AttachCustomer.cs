using Meridian.Carts.Domain;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Meridian.Carts.Features.AttachCustomer;

/// <summary>
/// <c>POST /v1/carts/{id}/customer</c> (signed in): attaches the cart to the signed-in customer. When the
/// customer already has an active cart in this channel, the anonymous cart is merged into it instead: quantities
/// of the same variant add up to the per-line limit, codes are united, the address and method are taken only
/// where the customer's cart has none. The answer is then the customer's cart (another id): clients switch to
/// the id in the response. The merged cart's id answers 404 from then on.
/// Attaching a cart the customer already owns changes nothing; another customer's cart is 404.
/// </summary>
internal static class AttachCustomer
{
    private const int MaxAttempts = 3;

    public static void MapAttachCustomer(this IEndpointRouteBuilder carts) =>
        carts.MapPost("/{id}/customer", Handle)
            .RequireAuthorization(Policies.Customer)
            .WithName("AttachCartCustomer")
            .WithSummary("Attaches the cart to the signed-in customer, merging it into their cart if they have one.")
            .Produces<CartResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<IResult> Handle(
        string id, HttpContext http, CartWorkflow workflow, ILogger<CartWorkflow> logger, CancellationToken cancellationToken)
    {
        var (caller, failure) = await CartWorkflow.IdentifyAsync(http);
        if (failure is not null)
        {
            return failure;
        }
        var customerId = caller!.CustomerId!;
        for (var attempt = 1; ; attempt++)
        {
            var source = await workflow.FindVisibleAsync(id, caller, cancellationToken);
            if (source is null)
            {
                return CartWorkflow.NotFound();
            }
            if (CartWorkflow.IfMatchFails(http.Request, source.Version))
            {
                return CartWorkflow.PreconditionFailed(source.Version);
            }
            if (source.Status == CartStatus.Converted)
            {
                return Problems.Conflict("This cart has become an order and can no longer change. Start a new cart.");
            }
            if (source.CustomerId == customerId)
            {
                return await workflow.RespondAsync(http, source, created: false, cancellationToken);
            }
            var now = workflow.Now;
            var sourceVersion = source.Version;
            var target = await workflow.Store.FindActiveForCustomerAsync(customerId, caller.ChannelId, source.Id, now, cancellationToken);
            bool saved;
            if (target is null)
            {
                source.CustomerId = customerId;
                source.Touch(now, workflow.Options.IdleTimeout);
                saved = await workflow.Store.TryReplaceAsync(source, sourceVersion, cancellationToken);
                target = source;
            }
            else
            {
                var targetVersion = target.Version;
                target.MergeFrom(source, workflow.Limits);
                target.Touch(now, workflow.Options.IdleTimeout);
                source.Touch(now, workflow.Options.IdleTimeout);
                saved = await workflow.Store.TryReplaceBothAsync(target, targetVersion, source, sourceVersion, cancellationToken);
                if (saved)
                {
                    logger.CartsMerged(source.Id, target.Id);
                }
            }
            if (saved)
            {
                return await workflow.RespondAsync(http, target, created: false, cancellationToken);
            }
            if (http.Request.Headers.IfMatch.Count > 0)
            {
                return CartWorkflow.PreconditionFailed(sourceVersion + 1);
            }
            if (attempt == MaxAttempts)
            {
                return Problems.Conflict("The cart is being changed by another request. Read it again and retry.");
            }
            logger.ConcurrentChangeRetried(id, attempt);
        }
    }
}
