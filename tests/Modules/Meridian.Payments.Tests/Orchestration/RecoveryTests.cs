using Meridian.Payments.Contracts;
using Meridian.Payments.Data;
using Meridian.Payments.Domain;

using Microsoft.Extensions.DependencyInjection;

using static Meridian.Payments.Tests.PaymentsHost;

namespace Meridian.Payments.Tests.Orchestration;

public sealed class RecoveryTests : IAsyncLifetime
{
    private PaymentsHost _host = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static AuthorizeRequest Request(string token)
    {
        var order = NewOrder();
        return new AuthorizeRequest(order, Eur(4_200), token, AuthorizeRequest.KeyFor(order));
    }

    [Fact]
    public async Task recovery_leaves_a_fresh_unknown_payment_alone_and_settles_it_after_the_grace_period()
    {
        var request = Request(TestTokens.Timeout);
        var unknown = await _host.ThroughHangs(_host.Payments.AuthorizeAsync(request, Ct));

        var early = await _host.Recovery.RecoverAsync(cancellationToken: Ct);
        _host.Time.Advance(TimeSpan.FromMinutes(3));
        var late = await _host.Recovery.RecoverAsync(cancellationToken: Ct);

        Assert.Equal(0, early.Examined);
        Assert.Equal(new RecoveryReport(1, 1, 0, 0, 0), late);
        Assert.Equal(PaymentStatus.Authorized, (await _host.Payments.GetAsync(unknown.Payment!.Id, Ct))!.Status);
    }

    [Fact]
    public async Task recovery_after_a_restart_settles_the_unknown_payment_into_exactly_one_charge()
    {
        var request = Request(TestTokens.Timeout);
        var unknown = await _host.ThroughHangs(_host.Payments.AuthorizeAsync(request, Ct));

        await _host.RestartAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(3));
        await _host.Recovery.RecoverAsync(cancellationToken: Ct);
        var replay = await _host.Payments.AuthorizeAsync(request, Ct);

        Assert.Equal(PaymentStatus.Authorized, replay.Payment!.Status);
        Assert.Equal(unknown.Payment!.Id, replay.Payment.Id);
        Assert.Equal(1, await _host.ChargesOf(request.OrderId));
    }

    [Fact]
    public async Task recovery_voids_an_authorization_whose_order_is_gone()
    {
        var request = Request(TestTokens.Timeout);
        await _host.ThroughHangs(_host.Payments.AuthorizeAsync(request, Ct));
        _host.Time.Advance(TimeSpan.FromMinutes(3));

        var report = await _host.Recovery.RecoverAsync((orderId, _) => Task.FromResult(orderId != request.OrderId), Ct);

        Assert.Equal(1, report.Voided);
        Assert.Equal(PaymentStatus.Voided, Assert.Single(await _host.Payments.FindByOrderAsync(request.OrderId, Ct)).Status);
    }

    [Fact]
    public async Task a_pending_payment_the_provider_never_saw_is_failed_by_recovery()
    {
        // What a crash between recording the attempt and calling the provider leaves behind.
        var orderId = NewOrder();
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
            var now = _host.Time.GetUtcNow();
            db.Payments.Add(new Payment
            {
                Id = Meridian.SharedKernel.Ids.New("pay"),
                OrderId = orderId,
                IdempotencyKey = AuthorizeRequest.KeyFor(orderId),
                Provider = "test",
                TokenHash = "x",
                Currency = "EUR",
                Amount = 100,
                Status = PaymentStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
            });
            await db.SaveChangesAsync(Ct);
        }
        _host.Time.Advance(TimeSpan.FromMinutes(3));

        var report = await _host.Recovery.RecoverAsync(cancellationToken: Ct);

        Assert.Equal(1, report.Failed);
        var payment = Assert.Single(await _host.Payments.FindByOrderAsync(orderId, Ct));
        Assert.Equal(PaymentStatus.Failed, payment.Status);
        Assert.Equal(PaymentErrorCodes.NotFoundAtProvider, payment.Failure!.Code);
    }

    [Fact]
    public async Task an_abandoned_3ds_step_is_cancelled_at_the_provider_after_the_action_timeout()
    {
        var request = Request(TestTokens.ThreeDSecure);
        var started = await _host.Payments.AuthorizeAsync(request, Ct);

        _host.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, (await _host.Recovery.RecoverAsync(cancellationToken: Ct)).Examined);
        _host.Time.Advance(TimeSpan.FromMinutes(25));
        var report = await _host.Recovery.RecoverAsync(cancellationToken: Ct);

        Assert.Equal(1, report.Failed);
        var payment = await _host.Payments.GetAsync(started.Payment!.Id, Ct);
        Assert.Equal(PaymentErrorCodes.ActionAbandoned, payment!.Failure!.Code);
        Assert.Equal(ProviderStatus.Voided, Assert.Single(await _host.Simulator.ChargesAsync(request.OrderId, Ct)).Status);
    }

    [Fact]
    public async Task when_the_provider_cannot_be_asked_the_payment_stays_unknown_for_the_next_run()
    {
        var request = Request(TestTokens.Timeout);
        await _host.ThroughHangs(_host.Payments.AuthorizeAsync(request, Ct));
        _host.Time.Advance(TimeSpan.FromMinutes(3));
        _host.Simulator.OnLookup = _ => throw new PaymentProviderException("provider_error", "down", isTransient: true);

        var report = await _host.Recovery.RecoverAsync(cancellationToken: Ct);

        Assert.Equal(1, report.StillUnknown);
        Assert.Equal(PaymentStatus.Unknown, Assert.Single(await _host.Payments.FindByOrderAsync(request.OrderId, Ct)).Status);
    }
}
