using Meridian.Payments.Contracts;
using Meridian.Payments.Orchestration;
using Meridian.Payments.Providers.Test;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Auth;
using Meridian.SharedKernel.Http;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Payments.Features.AdminPayments;

/// <summary>A payment as the admin API shows it: statuses in the contract's snake_case, money as minor units and currency.</summary>
internal sealed record PaymentResponse(
    string Id, string OrderId, Money Amount, string Status, string Provider, string? ProviderReference, Money Captured, Money Refunded,
    PaymentError? Failure, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<RefundView> Refunds)
{
    public static PaymentResponse From(PaymentView p) => new(
        p.Id, p.OrderId, p.Amount, PaymentOrchestrator.Snake(p.Status), p.Provider, p.ProviderReference, p.Captured, p.Refunded,
        p.Failure, p.CreatedAt, p.UpdatedAt, p.Refunds);
}

/// <summary>A test provider ledger entry as the admin API shows it.</summary>
internal sealed record TestLedgerItem(string Id, string Kind, string ChargeReference, string OrderId, long Amount, string Currency, string Result, string? ErrorCode, DateTimeOffset CreatedAt);

/// <summary>
/// Admin reads of payments (<c>payments:read</c>): one payment, an order's payments, and, only when the
/// test provider is enabled, its ledger for an order, so an operator can see each order was charged once.
/// </summary>
internal static class PaymentAdminEndpoints
{
    public static void MapPaymentAdmin(this IEndpointRouteBuilder admin, bool testProvider)
    {
        if (testProvider)
        {
            admin.MapGet("/test-ledger", GetTestLedger).RequireAuthorization(Policies.Admin(Scopes.PaymentsRead))
                .WithName("GetTestProviderLedger").WithSummary("Lists the test provider's ledger entries of an order.").WithTags("Payments admin");
        }
        admin.MapGet("/{id}", Get).RequireAuthorization(Policies.Admin(Scopes.PaymentsRead))
            .WithName("GetPayment").WithSummary("Gets a payment with its refunds.").WithTags("Payments admin");
        admin.MapGet("/", ListByOrder).RequireAuthorization(Policies.Admin(Scopes.PaymentsRead))
            .WithName("ListPaymentsOfOrder").WithSummary("Lists the payment attempts of an order, oldest first.").WithTags("Payments admin");
    }

    private static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> Get(string id, IPayments payments, CancellationToken cancellationToken) =>
        await payments.GetAsync(id, cancellationToken) is { } payment ? TypedResults.Ok(PaymentResponse.From(payment)) : Problems.NotFound("payment");

    private static async Task<Results<Ok<IReadOnlyList<PaymentResponse>>, ValidationProblem>> ListByOrder(
        string? orderId, IPayments payments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(orderId) || orderId.Length > 64)
        {
            return Problems.Validation("orderId", "An order id of 1 to 64 characters is required.");
        }
        var found = await payments.FindByOrderAsync(orderId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PaymentResponse>>(found.Select(PaymentResponse.From).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<TestLedgerItem>>, ValidationProblem>> GetTestLedger(
        string? orderId, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(orderId) || orderId.Length > 64)
        {
            return Problems.Validation("orderId", "An order id of 1 to 64 characters is required.");
        }
        var provider = http.RequestServices.GetRequiredService<TestPaymentProvider>();
        var entries = await provider.LedgerAsync(orderId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TestLedgerItem>>(entries
            .Select(e => new TestLedgerItem(e.Id, e.Kind, e.ChargeReference, e.OrderId, e.Amount, e.Currency, e.Result, e.ErrorCode, e.CreatedAt))
            .ToList());
    }
}
