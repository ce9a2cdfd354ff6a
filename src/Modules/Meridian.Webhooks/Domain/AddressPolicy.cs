using System.Net;
using System.Net.Sockets;

namespace Meridian.Webhooks.Domain;

/// <summary>
/// Which addresses a webhook may reach: only public unicast ones. Everything that leads into the region's own
/// network (loopback, private and CGNAT ranges, link-local with the cloud metadata service, multicast,
/// broadcast, "this network") is refused, including IPv6 forms that embed such an IPv4 address, because the
/// operating system routes those to the embedded address.
/// </summary>
internal static class AddressPolicy
{
    /// <summary>Why <paramref name="address"/> may not be reached, or null when it may.</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } embedded)
        {
            return Refusal(embedded, allowLoopback);
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return RefusalV4(address.GetAddressBytes(), allowLoopback);
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return RefusalV6(address, allowLoopback);
        }
        return "not an IP address";
    }

    private static string? RefusalV4(byte[] b, bool allowLoopback) => b switch
    {
        [127, ..] => allowLoopback ? null : "a loopback address",
        [0, ..] => "an unspecified (0.0.0.0/8) address",
        [10, ..] => "a private address",
        [172, >= 16 and <= 31, ..] => "a private address",
        [192, 168, ..] => "a private address",
        [100, >= 64 and <= 127, ..] => "a shared (CGNAT) address",
        [169, 254, ..] => "a link-local address (where cloud metadata services live)",
        [>= 224 and <= 239, ..] => "a multicast address",
        [>= 240, ..] => "a reserved or broadcast address",
        _ => null,
    };

    private static string? RefusalV6(IPAddress address, bool allowLoopback)
    {
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return allowLoopback ? null : "a loopback address";
        }
        if (address.Equals(IPAddress.IPv6None))
        {
            return "an unspecified address";
        }
        var b = address.GetAddressBytes();
        return b switch
        {
            [>= 0xfc and <= 0xfd, ..] => "a unique local (private) address",
            [0xfe, >= 0x80 and <= 0xbf, ..] => "a link-local address",
            [0xfe, >= 0xc0, ..] => "a site-local address",
            [0xff, ..] => "a multicast address",
            _ => null,
        };
    }

    /// <summary>
    /// The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d),
    /// IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:aabb:ccdd::) address.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var b = address.GetAddressBytes();
        bool ZeroUpTo(int end) => b.AsSpan(0, end).IndexOfAnyExcept((byte)0) < 0;
        if (ZeroUpTo(8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4));
        }
        // ::a.b.c.d, but not :: and ::1, which are IPv6's own unspecified and loopback addresses.
        if (ZeroUpTo(12) && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
        {
            return new IPAddress(b.AsSpan(12, 4));
        }
        return null;
    }
}
