using System.Net;
using System.Net.Sockets;

namespace Gateway.Protection;

/// <summary>
/// Whom an anonymous request is counted against: its client's IPv4 address, or its IPv6 /64. One subscriber gets a
/// whole /64 (or more) and picks any address in it, so limiting per IPv6 address would give each client 2^64 buckets.
/// The client is the connection's peer, or, behind a trusted proxy, the address it names in X-Forwarded-For
/// (the forwarded-headers middleware has already put it in <see cref="ConnectionInfo.RemoteIpAddress"/>).
/// </summary>
public static class ClientNetworks
{
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
