using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a service, to see what the gateway forwards (or does
/// not), and to misbehave on demand: /slow answers after 5 s, /broken drops the connection before answering.
/// Health probes are answered but not recorded.
/// </summary>
public sealed class TestDownstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestDownstream(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Received { get; } = new();

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<TestDownstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var downstream = new TestDownstream(app);
        app.Run(async http =>
        {
            if (http.Request.Path == "/health/live")
            {
                await http.Response.WriteAsync("ok"); // the gateway's active health probe
                return;
            }

            downstream.Received.Enqueue(new RecordedRequest(http.Request.Path, http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            if (http.Request.Path.Value!.EndsWith("/slow", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(5), http.RequestAborted);
            }

            if (http.Request.Path.Value.EndsWith("/broken", StringComparison.Ordinal))
            {
                http.Abort();
                return;
            }

            http.Response.Headers["Server"] = "internal-server/1.0";
            http.Response.Headers["X-Powered-By"] = "internals";
            await http.Response.WriteAsJsonAsync(new { ok = true });
        });
        await app.StartAsync();
        return downstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Path, Dictionary<string, string> Headers);

/// <summary>A server that answers every request with something that is not valid HTTP: a broken upstream.</summary>
public sealed class GarbageDownstream : IDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public GarbageDownstream()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    _ = await stream.ReadAsync(buffer, _stop.Token);
                    await stream.WriteAsync("THIS IS NOT HTTP\r\n\r\n"u8.ToArray(), _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or IOException or ObjectDisposedException)
                {
                }
            }
        });
    }

    public Uri Address => new($"http://127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndpoint).Port}/");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}

/// <summary>
/// A service killed while a request's body is coming in: it reads the request's head, then resets the
/// connection (SO_LINGER 0) without answering, as the kernel does for a process that died.
/// </summary>
public sealed class DyingDownstream : IDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public DyingDownstream()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var head = new List<byte>();
                    var buffer = new byte[1];
                    while (!head.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()) && await stream.ReadAsync(buffer, _stop.Token) == 1)
                    {
                        head.Add(buffer[0]);
                    }

                    var health = System.Text.Encoding.ASCII.GetString([.. head]).StartsWith("GET /health/", StringComparison.Ordinal);
                    if (health)
                    {
                        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), _stop.Token);
                        continue;
                    }

                    client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
                }
                catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or IOException or ObjectDisposedException)
                {
                }
            }
        });
    }

    public Uri Address => new($"http://127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndpoint).Port}/");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
