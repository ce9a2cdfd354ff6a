using Meridian.Payments.Contracts;

using static Meridian.Payments.Tests.PaymentsHost;

namespace Meridian.Payments.Tests.Orchestration;

public sealed class ResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuthorizeRequest Request(string token)
    {
        var order = NewOrder();
        return new AuthorizeRequest(order, Eur(1_000), token, AuthorizeRequest.KeyFor(order));
    }

    [Fact]
    public async Task retries_of_an_error_after_authorizing_never_make_a_second_ledger_entry()
    {
        await using var host = await StartAsync(new() { ["Meridian:Payments:Resilience:MaxRetryAttempts"] = "5" });
        var request = Request(TestTokens.FailAfterAuthorize);

        var result = await host.Payments.AuthorizeAsync(request, Ct);

        Assert.Equal(PaymentStatus.Authorized, result.Payment!.Status);
        Assert.Single(await host.Simulator.LedgerAsync(request.OrderId, Ct));
    }

    [Fact]
    public async Task retried_timeouts_never_make_a_second_ledger_entry()
    {
        await using var host = await StartAsync(new() { ["Meridian:Payments:Resilience:MaxRetryAttempts"] = "3" });
        var request = Request(TestTokens.Timeout);
        var hangs = 0;
        host.Simulator.OnHang += () => Interlocked.Increment(ref hangs);

        var result = await host.ThroughHangs(host.Payments.AuthorizeAsync(request, Ct));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal(4, hangs);
        Assert.Single(await host.Simulator.LedgerAsync(request.OrderId, Ct));
    }

    [Fact]
    public async Task the_circuit_opens_after_repeated_provider_failures_and_closes_after_the_break()
    {
        await using var host = await StartAsync(new()
        {
            ["Meridian:Payments:Resilience:MaxRetryAttempts"] = "2",
            ["Meridian:Payments:Resilience:MinimumThroughput"] = "3",
            ["Meridian:Payments:Resilience:BreakDuration"] = "00:00:30",
        });

        var down = await host.Payments.AuthorizeAsync(Request(TestTokens.ProviderDown), Ct);
        var visa = Request(TestTokens.Visa);
        var whileOpen = await host.Payments.AuthorizeAsync(visa, Ct);

        // The provider answered errors, so the first payment may have been charged: unknown, for recovery.
        Assert.Equal(PaymentOutcome.Unknown, down.Outcome);
        Assert.Equal(PaymentOutcome.Unavailable, whileOpen.Outcome);
        Assert.Equal(PaymentErrorCodes.ProviderUnavailable, whileOpen.Error!.Code);
        Assert.Empty(await host.Simulator.LedgerAsync(visa.OrderId, Ct));

        host.Time.Advance(TimeSpan.FromSeconds(31));
        var afterBreak = await host.Payments.AuthorizeAsync(visa, Ct);

        Assert.Equal(PaymentOutcome.Succeeded, afterBreak.Outcome);
        Assert.Equal(whileOpen.Payment!.Id, afterBreak.Payment!.Id);
        Assert.Single(await host.Simulator.LedgerAsync(visa.OrderId, Ct));
    }

    [Fact]
    public async Task chaos_faults_switched_on_by_configuration_fail_calls_before_the_provider()
    {
        await using var host = await StartAsync(new()
        {
            ["Meridian:Payments:Chaos:Enabled"] = "true",
            ["Meridian:Payments:Chaos:FaultRate"] = "1",
            ["Meridian:Payments:Resilience:MaxRetryAttempts"] = "1",
        });
        var request = Request(TestTokens.Visa);

        var result = await host.Payments.AuthorizeAsync(request, Ct);

        Assert.Equal(PaymentOutcome.Unavailable, result.Outcome);
        Assert.Empty(await host.Simulator.LedgerAsync(request.OrderId, Ct));
    }

    [Fact]
    public async Task two_concurrent_captures_of_one_payment_capture_once()
    {
        await using var host = await StartAsync(new() { ["Meridian:Payments:Resilience:MaxRetryAttempts"] = "0" });
        var request = Request(TestTokens.Visa);
        var payment = (await host.Payments.AuthorizeAsync(request, Ct)).Payment!;

        var results = await Task.WhenAll(host.Payments.CaptureAsync(payment.Id, cancellationToken: Ct), host.Payments.CaptureAsync(payment.Id, cancellationToken: Ct));

        Assert.All(results, r => Assert.Equal(PaymentStatus.Captured, r.Payment!.Status));
        Assert.Single(await host.Simulator.LedgerAsync(request.OrderId, Ct), e => e.Kind == "capture");
    }
}
