using System.Text;
using Meridian.Webhooks.Domain;

namespace Meridian.Webhooks.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void signs_the_standard_webhooks_reference_example()
    {
        // The example of the Standard Webhooks specification and its reference libraries.
        var signature = WebhookSignature.Sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("""{"test": 2432232314}"""));

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void two_secrets_give_two_space_separated_signatures()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var first = WebhookSignature.NewSecret();
        var second = WebhookSignature.NewSecret();

        var header = WebhookSignature.Header([first, second], "evt_1", 1700000000, body);

        Assert.Equal([WebhookSignature.Sign(first, "evt_1", 1700000000, body), WebhookSignature.Sign(second, "evt_1", 1700000000, body)], header.Split(' '));
    }

    [Fact]
    public void a_new_secret_is_32_random_bytes_behind_the_prefix()
    {
        var secret = WebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }
}
