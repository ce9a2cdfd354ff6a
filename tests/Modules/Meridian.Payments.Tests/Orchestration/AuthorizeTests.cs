using Meridian.Payments.Contracts;

using static Meridian.Payments.Tests.PaymentsHost;

namespace Meridian.Payments.Tests.Orchestration;

public sealed class AuthorizeTests : IAsyncLifetime
{
    private PaymentsHost _host = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static AuthorizeRequest Request(string token, long amount = 5000, CaptureMode capture = CaptureMode.Manual)
    {
        var order = NewOrder();
        return new AuthorizeRequest(order, Eur(amount), token, AuthorizeRequest.KeyFor(order), "cus_1", "web", capture);
    }

    [Fact]
    public async Task an_approved_token_authorizes_and_records_the_provider_reference()
    {
        var request = Request(TestTokens.Visa, 2500);

        var result = await _host.Payments.AuthorizeAsync(request, Ct);

        Assert.Equal(PaymentOutcome.Succeeded, result.Outcome);
        Assert.Equal(PaymentStatus.Authorized, result.Payment!.Status);
        Assert.StartsWith("pay_", result.Payment.Id, StringComparison.Ordinal);
        Assert.StartsWith("ch_", result.Payment.ProviderReference, StringComparison.Ordinal);
        Assert.Equal(Eur(2500), result.Payment.Amount);
        Assert.Equivalent(result.Payment, await _host.Payments.GetAsync(result.Payment.Id, Ct), strict: true);
    }

    [Fact]
    public async Task an_immediate_capture_channel_captures_in_the_same_call()
    {
        var result = await _host.Payments.AuthorizeAsync(Request(TestTokens.Visa, 900, CaptureMode.Immediate), Ct);

        Assert.Equal(PaymentStatus.Captured, result.Payment!.Status);
        Assert.Equal(Eur(900), result.Payment.Captured);
    }

    [Theory]
    [InlineData(TestTokens.DeclineInsufficientFunds, "insufficient_funds")]
    [InlineData(TestTokens.DeclineCardDeclined, "card_declined")]
    [InlineData(TestTokens.DeclineExpired, "expired_card")]
    public async Task a_decline_carries_its_reason_and_a_message_safe_to_show(string token, string code)
    {
        var result = await _host.Payments.AuthorizeAsync(Request(token), Ct);

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.Equal(code, result.Error!.Code);
        Assert.Contains("card", result.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(PaymentStatus.Failed, result.Payment!.Status);
    }

    [Fact]
    public async Task the_same_key_again_replays_the_first_payment_without_a_second_charge()
    {
        var request = Request(TestTokens.Visa);

        var first = await _host.Payments.AuthorizeAsync(request, Ct);
        var second = await _host.Payments.AuthorizeAsync(request, Ct);

        Assert.Equal(first.Payment!.Id, second.Payment!.Id);
        Assert.Single(await _host.Payments.FindByOrderAsync(request.OrderId, Ct));
        Assert.Equal(1, await _host.ChargesOf(request.OrderId));
    }

    [Fact]
    public async Task the_same_key_with_another_amount_is_rejected()
    {
        var request = Request(TestTokens.Visa, 1000);
        await _host.Payments.AuthorizeAsync(request, Ct);

        var reused = await _host.Payments.AuthorizeAsync(request with { Amount = Eur(1) }, Ct);

        Assert.Equal(PaymentOutcome.Rejected, reused.Outcome);
        Assert.Equal(PaymentErrorCodes.IdempotencyKeyReused, reused.Error!.Code);
    }

    [Fact]
    public async Task a_card_number_is_rejected_stored_nowhere_and_logged_nowhere()
    {
        var request = Request("4242 4242 4242 4242");

        var result = await _host.Payments.AuthorizeAsync(request, Ct);

        Assert.Equal(PaymentOutcome.Rejected, result.Outcome);
        Assert.Equal(PaymentErrorCodes.CardNumberRejected, result.Error!.Code);
        Assert.Empty(await _host.Payments.FindByOrderAsync(request.OrderId, Ct));
        Assert.NotEmpty(_host.Logs);
        Assert.DoesNotContain(_host.Logs, line => line.Contains("4242", StringComparison.Ordinal));
    }

    [Fact]
    public async Task no_token_ever_reaches_the_log()
    {
        var request = Request(TestTokens.FailAfterAuthorize);

        await _host.Payments.AuthorizeAsync(request, Ct);

        Assert.NotEmpty(_host.Logs);
        Assert.DoesNotContain(_host.Logs, line => line.Contains(TestTokens.FailAfterAuthorize, StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_timeout_is_unknown_never_failed_and_resolving_finds_the_authorization()
    {
        var request = Request(TestTokens.Timeout);

        var result = await _host.ThroughHangs(_host.Payments.AuthorizeAsync(request, Ct));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal(PaymentStatus.Unknown, result.Payment!.Status);
        var resolved = await _host.Payments.ResolveAsync(result.Payment.Id, cancellationToken: Ct);
        Assert.Equal(PaymentStatus.Authorized, resolved.Payment!.Status);
        Assert.Equal(1, await _host.ChargesOf(request.OrderId));
    }

    [Fact]
    public async Task resolving_a_timeout_whose_order_is_gone_voids_the_hold()
    {
        var request = Request(TestTokens.Timeout);
        var result = await _host.ThroughHangs(_host.Payments.AuthorizeAsync(request, Ct));

        var resolved = await _host.Payments.ResolveAsync(result.Payment!.Id, orderGone: true, Ct);

        Assert.Equal(PaymentStatus.Voided, resolved.Payment!.Status);
        var charge = Assert.Single(await _host.Simulator.ChargesAsync(request.OrderId, Ct));
        Assert.Equal(ProviderStatus.Voided, charge.Status);
    }

    [Fact]
    public async Task an_error_after_the_provider_authorized_is_resolved_by_a_lookup_into_one_authorization()
    {
        var request = Request(TestTokens.FailAfterAuthorize);

        var result = await _host.Payments.AuthorizeAsync(request, Ct);

        Assert.Equal(PaymentOutcome.Succeeded, result.Outcome);
        Assert.Equal(PaymentStatus.Authorized, result.Payment!.Status);
        Assert.Single(await _host.Simulator.LedgerAsync(request.OrderId, Ct));
    }

    [Fact]
    public async Task a_3ds_payment_requires_action_and_confirming_authorizes_it()
    {
        var started = await _host.Payments.AuthorizeAsync(Request(TestTokens.ThreeDSecure), Ct);

        Assert.Equal(PaymentOutcome.RequiresAction, started.Outcome);
        Assert.Equal("three_d_secure", started.NextAction!.Type);
        Assert.Equal(PaymentStatus.RequiresAction, started.Payment!.Status);
        var confirmed = await _host.Payments.ConfirmAsync(started.Payment.Id, Ct);
        Assert.Equal(PaymentOutcome.Succeeded, confirmed.Outcome);
        Assert.Equal(PaymentStatus.Authorized, confirmed.Payment!.Status);
    }

    [Fact]
    public async Task a_failed_3ds_step_declines_with_authentication_failed()
    {
        var started = await _host.Payments.AuthorizeAsync(Request(TestTokens.ThreeDSecureFail), Ct);

        var confirmed = await _host.Payments.ConfirmAsync(started.Payment!.Id, Ct);

        Assert.Equal(PaymentOutcome.Declined, confirmed.Outcome);
        Assert.Equal("authentication_failed", confirmed.Error!.Code);
    }

    [Fact]
    public async Task replaying_a_3ds_key_returns_the_next_action_again()
    {
        var request = Request(TestTokens.ThreeDSecure);
        var first = await _host.Payments.AuthorizeAsync(request, Ct);

        var again = await _host.Payments.AuthorizeAsync(request, Ct);

        Assert.Equal(PaymentOutcome.RequiresAction, again.Outcome);
        Assert.Equal(first.NextAction, again.NextAction);
    }

    [Theory]
    [InlineData("", 100, "EUR")]
    [InlineData("ord_x", 0, "EUR")]
    [InlineData("ord_x", 100, "XXX")]
    public async Task an_invalid_request_is_rejected_before_the_provider(string orderId, long amount, string currency)
    {
        var result = await _host.Payments.AuthorizeAsync(new AuthorizeRequest(orderId, new(amount, currency), TestTokens.Visa, "key-" + Guid.NewGuid()), Ct);

        Assert.Equal(PaymentOutcome.Rejected, result.Outcome);
        Assert.Equal(PaymentErrorCodes.InvalidRequest, result.Error!.Code);
        Assert.Null(result.Payment);
    }

    [Fact]
    public async Task fifty_concurrent_authorizations_with_one_key_make_one_payment_and_one_charge()
    {
        var request = Request(TestTokens.Visa);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _host.Payments.AuthorizeAsync(request, Ct), Ct)));

        Assert.All(results, r => Assert.Equal(PaymentOutcome.Succeeded, r.Outcome));
        Assert.Single(results.Select(r => r.Payment!.Id).Distinct());
        Assert.Single(await _host.Payments.FindByOrderAsync(request.OrderId, Ct));
        Assert.Single(await _host.Simulator.LedgerAsync(request.OrderId, Ct));
    }

    [Fact]
    public async Task fifty_concurrent_authorizations_across_two_processes_still_make_one_charge()
    {
        var request = Request(TestTokens.Visa);

        // Two orchestrators on one file: the in-process sharing cannot help; the unique key and the provider's idempotency must.
        await using var second = await _host.PeerAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => (i % 2 == 0 ? _host.Payments : second.Payments).AuthorizeAsync(request, Ct), Ct)));

        Assert.Single(results.Select(r => r.Payment!.Id).Distinct());
        Assert.Single(await _host.Payments.FindByOrderAsync(request.OrderId, Ct));
        Assert.Single(await _host.Simulator.LedgerAsync(request.OrderId, Ct));
    }
}
