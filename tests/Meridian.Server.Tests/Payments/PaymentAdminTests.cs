using System.Net;

using Meridian.Payments.Contracts;
using Meridian.Server.Tests.Infrastructure;
using Meridian.SharedKernel;

using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Server.Tests.Payments;

[Collection(ServerCollection.Name)]
public sealed class PaymentAdminTests(MeridianApp app)
{
    private async Task<PaymentView> Authorize(string token)
    {
        var payments = app.Services.GetRequiredService<IPayments>();
        var order = Ids.New("ord");
        var result = await payments.AuthorizeAsync(new AuthorizeRequest(order, new Money(1999, "EUR"), token, AuthorizeRequest.KeyFor(order)), TestContext.Current.CancellationToken);
        return result.Payment!;
    }

    [Fact]
    public async Task an_admin_reads_a_payment_and_the_payments_of_its_order_in_snake_case()
    {
        var payment = await Authorize(TestTokens.Visa);
        var admin = app.Admin();

        var one = await (await admin.GetAsync($"/v1/admin/payments/{payment.Id}")).ShouldBe(HttpStatusCode.OK);
        var list = await (await admin.GetAsync($"/v1/admin/payments?orderId={payment.OrderId}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("authorized", one.GetProperty("status").GetString());
        Assert.Equal(1999, one.GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(payment.Id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task the_test_ledger_lists_only_what_the_provider_did_for_that_order()
    {
        var payment = await Authorize(TestTokens.Visa);
        await Authorize(TestTokens.DeclineExpired);

        var ledger = await (await app.Admin().GetAsync($"/v1/admin/payments/test-ledger?orderId={payment.OrderId}")).ShouldBe(HttpStatusCode.OK);

        var entry = Assert.Single(ledger.EnumerateArray());
        Assert.Equal("authorized", entry.GetProperty("result").GetString());
    }

    [Fact]
    public async Task payments_need_a_secret_key_and_an_unknown_payment_is_404()
    {
        await (await app.Client().GetAsync("/v1/admin/payments/pay_nope")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await app.Admin().GetAsync("/v1/admin/payments/pay_nope")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.Admin().GetAsync("/v1/admin/payments")).ShouldBeInvalid("orderId");
    }
}
