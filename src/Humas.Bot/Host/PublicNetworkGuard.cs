using System.Net;
using System.Net.Sockets;

namespace Humas.Bot.Host;

/// <summary>
/// Thrown from a connection attempt to an address that is not on the public internet. The message is the
/// one operators read in a source's health: "address 10.0.0.5 is not allowed".
/// </summary>
public sealed class AddressNotAllowedException(IPAddress address) : IOException($"address {address} is not allowed")
{
    public IPAddress Address { get; } = address;
}

/// <summary>
/// The one rule for outbound connections to URLs that came from outside (feeds, listing links, redirects,
/// Teams attachment links, anything typed in the dashboard): connect only to public addresses. The check runs
/// in <see cref="SocketsHttpHandler.ConnectCallback"/> on the address actually connected to, after DNS, so a
/// name that resolves (or re-resolves, DNS rebinding) to 10.0.0.5 or 169.254.169.254 is refused too; checking
/// the URL's host beforehand could not see that. Refused: loopback, private (RFC 1918, fc00::/7), link-local
/// (169.254/16 with the cloud metadata address, fe80::/10), CGNAT (100.64/10), multicast, unspecified,
/// broadcast and the other reserved IPv4 blocks; IPv4 inside IPv6 (mapped, NAT64, 6to4) is judged as IPv4.
/// </summary>
public static class PublicNetworkGuard
{
    /// <summary>
    /// A handler whose connections obey the rule unless <paramref name="allowPrivateNetworks"/> answers true
    /// (read at every connection, so reloaded settings count). No proxy: through a proxy the guard would see
    /// the proxy's address, not the one the request finally reaches.
    /// </summary>
    public static SocketsHttpHandler Handler(Func<bool> allowPrivateNetworks) => new()
    {
        UseProxy = false,
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivateNetworks(), ct),
    };

    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivateNetworks, CancellationToken ct)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivateNetworks ? addresses : Array.FindAll(addresses, IsPublic);
        if (allowed.Length == 0)
        {
            throw addresses.Length == 0 ? new SocketException((int)SocketError.HostNotFound) : new AddressNotAllowedException(addresses[0]);
        }

        // Dual-mode: one socket reaches IPv4 and IPv6 addresses alike.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True for an address on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } inner)
        {
            return IsPublic(inner);
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] is 0 or 10 or 127 or >= 224                       // "this network", private, loopback, multicast and 240/4 reserved
                || (b[0] == 100 && (b[1] & 0xC0) == 64)                     // CGNAT 100.64/10
                || (b[0] == 169 && b[1] == 254)                             // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)                     // 172.16/12
                || (b[0] == 192 && b[1] == 168)                             // 192.168/16
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)                  // IETF protocol assignments
                || (b[0] == 198 && (b[1] & 0xFE) == 18));                   // benchmarking 198.18/15
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            return !(address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
                || b[0] == 0xFF                                             // multicast
                || (b[0] & 0xFE) == 0xFC                                    // unique local fc00::/7
                || (b[0] == 0xFE && (b[1] & 0xC0) is 0x80 or 0xC0)          // link-local fe80::/10, old site-local fec0::/10
                || (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0)); // ::/64 compatibility forms
        }

        return false;
    }

    /// <summary>The IPv4 address inside ::ffff:a.b.c.d, 64:ff9b::a.b.c.d (NAT64) or 2002:aabb:ccdd:: (6to4).</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b[12..16]);
        }

        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b[2..6]) : null;
    }
}
