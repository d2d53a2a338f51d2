namespace Gateway.Tests;

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

                    // Open until the proxy gives up on the connection: closing at once, with the proxy's request still
                    // unread, resets it, and a reset is a service that went away (503), not one that answered garbage.
                    while (await stream.ReadAsync(buffer, _stop.Token) > 0)
                    {
                    }
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
