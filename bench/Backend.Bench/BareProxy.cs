using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Backend.Bench;

/// <summary>bench/Backend.BareProxy (built with the solution) run beside the system, in front of one service.</summary>
public sealed class BareProxy : IAsyncDisposable
{
    private readonly Process _process;

    private BareProxy(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareProxy> StartAsync(Uri destination)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Backend.BareProxy", "bin", "Release", "net10.0", "Backend.BareProxy.dll");
        var start = new ProcessStartInfo("dotnet", [Path.GetFullPath(dll), address.AbsoluteUri, destination.AbsoluteUri]);
        start.Environment["DOTNET_GCgen0size"] = "0x800000"; // as the AppHost sets for the services and the gateway
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start Backend.BareProxy.");
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = await http.GetAsync(new Uri(address, "/health/live"));
                return new BareProxy(process, address);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill();
        throw new InvalidOperationException("Backend.BareProxy did not start listening.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
