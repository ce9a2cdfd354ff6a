using Meridian.Payments.Contracts;

using static Meridian.Payments.Tests.PaymentsHost;

namespace Meridian.Payments.Tests.Providers;

/// <summary>The simulator on its own, as a provider: each token's behaviour, idempotency, and the money rules.</summary>
public sealed class TestPaymentProviderTests : IAsyncLifetime
{
    private PaymentsHost _host = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static ProviderAuthorization Request(string token, long amount = 5000, bool capture = false, string? order = null)
    {
        order ??= NewOrder();
        return new ProviderAuthorization($"order:{order}:authorize:1", order, Eur(amount), token, capture);
    }

    [Fact]
    public async Task tok_visa_authorizes_and_holds_the_amount()
    {
        var charge = await _host.Simulator.AuthorizeAsync(Request(TestTokens.Visa, 1234), Ct);

        Assert.Equal(ProviderStatus.Authorized, charge.Status);
        Assert.Equal(Eur(1234), charge.Authorized);
        Assert.Equal(0, charge.Captured.Amount);
        Assert.StartsWith("ch_", charge.Reference, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestTokens.DeclineInsufficientFunds, "insufficient_funds")]
    [InlineData(TestTokens.DeclineCardDeclined, "card_declined")]
    [InlineData(TestTokens.DeclineExpired, "expired_card")]
    public async Task decline_tokens_decline_with_their_reason_and_hold_nothing(string token, string code)
    {
        var charge = await _host.Simulator.AuthorizeAsync(Request(token), Ct);

        Assert.Equal(ProviderStatus.Declined, charge.Status);
        Assert.Equal(code, charge.DeclineCode);
        Assert.False(string.IsNullOrWhiteSpace(charge.DeclineMessage));
        Assert.Equal(0, charge.Authorized.Amount);
    }

    [Fact]
    public async Task the_same_key_twice_returns_the_same_charge_and_records_one_ledger_entry()
    {
        var request = Request(TestTokens.Visa);

        var first = await _host.Simulator.AuthorizeAsync(request, Ct);
        var second = await _host.Simulator.AuthorizeAsync(request, Ct);

        Assert.Equal(first.Reference, second.Reference);
        Assert.Single(await _host.Simulator.LedgerAsync(request.OrderId, Ct));
    }

    [Fact]
    public async Task the_same_key_concurrently_records_one_ledger_entry()
    {
        var request = Request(TestTokens.Visa);

        var charges = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _host.Simulator.AuthorizeAsync(request, Ct), Ct)));

        Assert.Single(charges.Select(c => c.Reference).Distinct());
        Assert.Single(await _host.Simulator.LedgerAsync(request.OrderId, Ct));
    }

    [Fact]
    public async Task the_same_key_with_another_amount_is_refused()
    {
        var request = Request(TestTokens.Visa, 1000);
        await _host.Simulator.AuthorizeAsync(request, Ct);

        var error = await Assert.ThrowsAsync<PaymentProviderException>(() => _host.Simulator.AuthorizeAsync(request with { Amount = Eur(2000) }, Ct));

        Assert.Equal(PaymentErrorCodes.IdempotencyKeyReused, error.Code);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task capture_takes_at_most_the_authorized_amount_and_refunds_at_most_the_capture()
    {
        var charge = await _host.Simulator.AuthorizeAsync(Request(TestTokens.Visa, 5000), Ct);

        var tooMuch = await Assert.ThrowsAsync<PaymentProviderException>(() => _host.Simulator.CaptureAsync(charge.Reference, Eur(5001), "cap-1", Ct));
        Assert.Equal("capture_exceeds_authorized", tooMuch.Code);

        var captured = await _host.Simulator.CaptureAsync(charge.Reference, Eur(4000), "cap-2", Ct);
        Assert.Equal(ProviderStatus.Captured, captured.Status);
        Assert.Equal(4000, captured.Captured.Amount);

        var refund = await _host.Simulator.RefundAsync(charge.Reference, Eur(3000), "ref-1", Ct);
        Assert.Equal(3000, refund.Charge.Refunded.Amount);
        var over = await Assert.ThrowsAsync<PaymentProviderException>(() => _host.Simulator.RefundAsync(charge.Reference, Eur(1001), "ref-2", Ct));
        Assert.Equal("refund_exceeds_captured", over.Code);
        var rest = await _host.Simulator.RefundAsync(charge.Reference, Eur(1000), "ref-3", Ct);
        Assert.Equal(4000, rest.Charge.Refunded.Amount);
    }

    [Fact]
    public async Task a_refund_retried_with_its_key_refunds_once()
    {
        var charge = await _host.Simulator.AuthorizeAsync(Request(TestTokens.Visa, 5000, capture: true), Ct);

        var first = await _host.Simulator.RefundAsync(charge.Reference, Eur(1000), "ref-once", Ct);
        var again = await _host.Simulator.RefundAsync(charge.Reference, Eur(1000), "ref-once", Ct);

        Assert.Equal(first.Reference, again.Reference);
        Assert.Equal(1000, again.Charge.Refunded.Amount);
    }

    [Fact]
    public async Task void_releases_an_authorization_but_not_a_capture()
    {
        var held = await _host.Simulator.AuthorizeAsync(Request(TestTokens.Visa), Ct);
        var captured = await _host.Simulator.AuthorizeAsync(Request(TestTokens.Visa, capture: true), Ct);

        Assert.Equal(ProviderStatus.Voided, (await _host.Simulator.VoidAsync(held.Reference, "void-1", Ct)).Status);
        var error = await Assert.ThrowsAsync<PaymentProviderException>(() => _host.Simulator.VoidAsync(captured.Reference, "void-2", Ct));
        Assert.Equal(PaymentErrorCodes.InvalidState, error.Code);
        await Assert.ThrowsAsync<PaymentProviderException>(() => _host.Simulator.CaptureAsync(held.Reference, Eur(1), "cap-after-void", Ct));
    }

    [Fact]
    public async Task tok_3ds_requires_action_that_confirm_completes_and_tok_3ds_fail_declines()
    {
        var passes = await _host.Simulator.AuthorizeAsync(Request(TestTokens.ThreeDSecure), Ct);
        var fails = await _host.Simulator.AuthorizeAsync(Request(TestTokens.ThreeDSecureFail), Ct);

        Assert.Equal(ProviderStatus.RequiresAction, passes.Status);
        Assert.Equal("three_d_secure", passes.NextAction?.Type);
        Assert.Equal(ProviderStatus.Authorized, (await _host.Simulator.ConfirmAsync(passes.Reference, "c-1", Ct)).Status);
        var declined = await _host.Simulator.ConfirmAsync(fails.Reference, "c-2", Ct);
        Assert.Equal(ProviderStatus.Declined, declined.Status);
        Assert.Equal("authentication_failed", declined.DeclineCode);
    }

    [Fact]
    public async Task tok_timeout_records_the_authorization_but_never_answers_and_a_lookup_finds_it()
    {
        var request = Request(TestTokens.Timeout);
        using var cancel = new CancellationTokenSource();

        var call = _host.Simulator.AuthorizeAsync(request, cancel.Token);
        await _host.Hangs.WaitAsync(Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var found = await _host.Simulator.LookupAsync(request.IdempotencyKey, Ct);
        Assert.Equal(ProviderStatus.Authorized, found?.Status);
    }

    [Fact]
    public async Task tok_fail_after_authorize_errors_on_every_call_with_the_key_yet_holds_one_charge()
    {
        var request = Request(TestTokens.FailAfterAuthorize);

        await Assert.ThrowsAsync<PaymentProviderException>(() => _host.Simulator.AuthorizeAsync(request, Ct));
        var replay = await Assert.ThrowsAsync<PaymentProviderException>(() => _host.Simulator.AuthorizeAsync(request, Ct));

        Assert.True(replay.IsTransient);
        Assert.Equal(ProviderStatus.Authorized, (await _host.Simulator.LookupAsync(request.IdempotencyKey, Ct))?.Status);
        Assert.Single(await _host.Simulator.LedgerAsync(request.OrderId, Ct));
    }

    [Fact]
    public async Task tok_provider_down_fails_transiently_and_records_nothing()
    {
        var request = Request(TestTokens.ProviderDown);

        var error = await Assert.ThrowsAsync<PaymentProviderException>(() => _host.Simulator.AuthorizeAsync(request, Ct));

        Assert.True(error.IsTransient);
        Assert.Null(await _host.Simulator.LookupAsync(request.IdempotencyKey, Ct));
    }

    [Fact]
    public async Task a_lookup_of_a_key_never_sent_finds_nothing()
    {
        Assert.Null(await _host.Simulator.LookupAsync("order:ord_never:authorize:1", Ct));
    }

    [Fact]
    public async Task the_ledger_survives_a_restart()
    {
        var request = Request(TestTokens.Visa);
        var charge = await _host.Simulator.AuthorizeAsync(request, Ct);

        await _host.RestartAsync();
        var again = await _host.Simulator.AuthorizeAsync(request, Ct);

        Assert.Equal(charge.Reference, again.Reference);
        Assert.Single(await _host.Simulator.LedgerAsync(request.OrderId, Ct));
    }
}
