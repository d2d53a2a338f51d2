using System.Globalization;

namespace EndToEnd.Tests.RollingRestarts;

/// <summary>Established TCP connections on this machine, from the kernel's tables (Linux).</summary>
public static class TcpConnections
{
    private const string Established = "01";

    private static readonly string[] Tables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>How many connections a server listening on <paramref name="port"/> has accepted and holds open.</summary>
    public static int AcceptedOn(int port) =>
        Tables.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields => fields.Length > 3 && fields[3] == Established && LocalPort(fields[1]) == port);

    /// <summary>"0100007F:1F90" (address:port in hexadecimal) → 8080.</summary>
    private static int LocalPort(string endpoint) =>
        int.Parse(endpoint.AsSpan(endpoint.LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
