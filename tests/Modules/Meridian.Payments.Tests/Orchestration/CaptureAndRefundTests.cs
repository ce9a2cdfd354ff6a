using Meridian.Payments.Contracts;

using static Meridian.Payments.Tests.PaymentsHost;

namespace Meridian.Payments.Tests.Orchestration;

public sealed class CaptureAndRefundTests : IAsyncLifetime
{
    private PaymentsHost _host = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private async Task<PaymentView> Authorized(long amount = 10_000)
    {
        var order = NewOrder();
        var result = await _host.Payments.AuthorizeAsync(new AuthorizeRequest(order, Eur(amount), TestTokens.Visa, AuthorizeRequest.KeyFor(order)), Ct);
        Assert.Equal(PaymentStatus.Authorized, result.Payment!.Status);
        return result.Payment;
    }

    [Fact]
    public async Task a_partial_capture_takes_less_than_the_hold_and_a_second_capture_replays_it()
    {
        var payment = await Authorized(10_000);

        var captured = await _host.Payments.CaptureAsync(payment.Id, Eur(7_500), Ct);
        var again = await _host.Payments.CaptureAsync(payment.Id, null, Ct);

        Assert.Equal(PaymentStatus.Captured, captured.Payment!.Status);
        Assert.Equal(Eur(7_500), captured.Payment.Captured);
        Assert.Equal(Eur(7_500), again.Payment!.Captured);
        var captures = (await _host.Simulator.LedgerAsync(payment.OrderId, Ct)).Where(e => e.Kind == "capture");
        Assert.Equal(7_500, Assert.Single(captures).Amount);
    }

    [Fact]
    public async Task a_capture_over_the_authorization_is_rejected()
    {
        var payment = await Authorized(1_000);

        var result = await _host.Payments.CaptureAsync(payment.Id, Eur(1_001), Ct);

        Assert.Equal(PaymentOutcome.Rejected, result.Outcome);
        Assert.Equal(PaymentErrorCodes.CaptureExceedsAuthorized, result.Error!.Code);
        Assert.Equal(PaymentStatus.Authorized, result.Payment!.Status);
    }

    [Fact]
    public async Task a_capture_in_another_currency_is_rejected()
    {
        var payment = await Authorized();

        var result = await _host.Payments.CaptureAsync(payment.Id, new(100, "USD"), Ct);

        Assert.Equal(PaymentErrorCodes.CurrencyMismatch, result.Error!.Code);
    }

    [Fact]
    public async Task partial_refunds_add_up_to_a_full_refund_and_never_more()
    {
        var payment = await Authorized(10_000);
        await _host.Payments.CaptureAsync(payment.Id, cancellationToken: Ct);

        var first = await _host.Payments.RefundAsync(payment.Id, Eur(4_000), "return-1", Ct);
        Assert.Equal(PaymentStatus.PartiallyRefunded, first.Payment!.Status);
        var over = await _host.Payments.RefundAsync(payment.Id, Eur(6_001), "return-2", Ct);
        Assert.Equal(PaymentOutcome.Rejected, over.Outcome);
        Assert.Equal(PaymentErrorCodes.RefundExceedsCaptured, over.Error!.Code);
        var rest = await _host.Payments.RefundAsync(payment.Id, Eur(6_000), "return-3", Ct);

        Assert.Equal(PaymentStatus.Refunded, rest.Payment!.Status);
        Assert.Equal(Eur(10_000), rest.Payment.Refunded);
        Assert.Equal(2, rest.Payment.Refunds.Count);
        Assert.StartsWith("re_", rest.Refund!.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_refund_retried_with_its_key_refunds_once()
    {
        var payment = await Authorized(10_000);
        await _host.Payments.CaptureAsync(payment.Id, cancellationToken: Ct);

        var first = await _host.Payments.RefundAsync(payment.Id, Eur(1_000), "rma-7", Ct);
        var again = await _host.Payments.RefundAsync(payment.Id, Eur(1_000), "rma-7", Ct);

        Assert.Equal(first.Refund!.Id, again.Refund!.Id);
        Assert.Equal(Eur(1_000), again.Payment!.Refunded);
    }

    [Fact]
    public async Task concurrent_refunds_with_different_keys_never_exceed_the_capture()
    {
        var payment = await Authorized(10_000);
        await _host.Payments.CaptureAsync(payment.Id, cancellationToken: Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => _host.Payments.RefundAsync(payment.Id, Eur(3_000), $"concurrent-{i}", Ct), Ct)));

        Assert.Equal(3, results.Count(r => r.Outcome == PaymentOutcome.Succeeded));
        var after = await _host.Payments.GetAsync(payment.Id, Ct);
        Assert.Equal(Eur(9_000), after!.Refunded);
        Assert.Equal(3, after.Refunds.Count);
    }

    [Fact]
    public async Task an_uncaptured_payment_cannot_be_refunded_and_a_captured_one_cannot_be_voided()
    {
        var held = await Authorized();
        var captured = await Authorized();
        await _host.Payments.CaptureAsync(captured.Id, cancellationToken: Ct);

        var refund = await _host.Payments.RefundAsync(held.Id, Eur(1), "r", Ct);
        var voided = await _host.Payments.VoidAsync(captured.Id, Ct);

        Assert.Equal(PaymentErrorCodes.InvalidState, refund.Error!.Code);
        Assert.Equal(PaymentErrorCodes.InvalidState, voided.Error!.Code);
    }

    [Fact]
    public async Task a_void_releases_the_hold_and_then_nothing_can_be_captured()
    {
        var payment = await Authorized();

        var voided = await _host.Payments.VoidAsync(payment.Id, Ct);
        var capture = await _host.Payments.CaptureAsync(payment.Id, cancellationToken: Ct);

        Assert.Equal(PaymentStatus.Voided, voided.Payment!.Status);
        Assert.Equal(PaymentOutcome.Rejected, capture.Outcome);
        Assert.Equal(ProviderStatus.Voided, Assert.Single(await _host.Simulator.ChargesAsync(payment.OrderId, Ct)).Status);
    }

    [Fact]
    public async Task an_unknown_payment_id_is_not_found()
    {
        Assert.Equal(PaymentOutcome.NotFound, (await _host.Payments.CaptureAsync("pay_nope", cancellationToken: Ct)).Outcome);
        Assert.Equal(PaymentOutcome.NotFound, (await _host.Payments.RefundAsync("pay_nope", Eur(1), "k", Ct)).Outcome);
        Assert.Null(await _host.Payments.GetAsync("pay_nope", Ct));
    }
}
