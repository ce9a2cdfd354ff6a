using System.Net;
using System.Net.Sockets;

namespace Meridian.Webhooks.Domain;

/// <summary>
/// Checks an endpoint URL when it is registered: absolute http(s), no credentials in it, and a host whose
/// every address passes <see cref="AddressPolicy"/>. The delivery worker checks again on the address it
/// actually connects to, so a name that later resolves elsewhere (DNS rebinding) is caught there.
/// </summary>
internal static class EndpointUrl
{
    public const int MaxLength = 2000;

    /// <summary>Why <paramref name="url"/> cannot be an endpoint, or null when it can.</summary>
    public static async Task<string?> RefusalAsync(string url, bool allowLoopback, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "An absolute http or https URL.";
        }
        if (url.Length > MaxLength)
        {
            return $"At most {MaxLength} characters.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "Credentials do not belong in the URL; verify the webhook signature instead.";
        }
        if (uri.Fragment.Length > 0)
        {
            return "A URL without a fragment.";
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or ArgumentException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return "The host does not resolve.";
            }
        }
        if (addresses.Length == 0)
        {
            return "The host does not resolve.";
        }
        foreach (var address in addresses)
        {
            if (AddressPolicy.Refusal(address, allowLoopback) is { } reason)
            {
                return $"The host resolves to {reason}; webhooks only go to public addresses.";
            }
        }
        return null;
    }
}
