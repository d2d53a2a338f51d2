using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests;

/// <summary>
/// A real HTTP/2 server on 127.0.0.1 standing in for a service, to see what the gateway forwards (or does
/// not), and to misbehave on demand: /slow answers after 5 s, /broken drops the connection before answering
/// (after the first bytes of the request's body, if it has one), /broken-once does so to its first request only, as an
/// instance that stops would, and answers the next with the size of the body it read.
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
        var connections = new ConcurrentDictionary<string, ConnectionContext>();
        // Cleartext HTTP/2 only, as the services' endpoint for the gateway; connections are kept by id so that
        // /broken can drop the whole connection, as a process that dies does (not just reset one stream).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2;
            listen.Use(next => async connection =>
            {
                connections[connection.ConnectionId] = connection;
                try
                {
                    await next(connection);
                }
                finally
                {
                    connections.TryRemove(connection.ConnectionId, out _);
                }
            });
        }));
        var app = builder.Build();
        var downstream = new TestDownstream(app);
        var brokenOnce = 0;
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

            if (http.Request.Path.Value.EndsWith("/broken-once", StringComparison.Ordinal) && Interlocked.Increment(ref brokenOnce) > 1)
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body, http.RequestAborted);
                await http.Response.WriteAsJsonAsync(new { bytes = body.Length });
                return;
            }

            if (http.Request.Path.Value.EndsWith("/broken", StringComparison.Ordinal) || http.Request.Path.Value.EndsWith("/broken-once", StringComparison.Ordinal))
            {
                _ = await http.Request.Body.ReadAsync(new byte[16], http.RequestAborted); // the first bytes of a body, if any
                connections[http.Connection.Id].Abort();
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
