using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EndToEnd.Tests.Hostile;

/// <summary>Sends probes to the gateway: HttpClient for what it can express, a bare socket for everything else.</summary>
internal sealed class HostileWire(Uri gateway) : IDisposable
{
    private static readonly TimeSpan RawTimeout = TimeSpan.FromSeconds(20);

    // Content headers go on the content; everything else on the request, unvalidated (UTF-8 values allowed).
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Encoding", "Content-Language", "Content-Location", "Content-MD5", "Content-Range", "Content-Disposition",
        "Expires", "Last-Modified", "Allow",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = 256,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>One request on a fresh connection, for a retry.</summary>
    private readonly HttpClient _fresh = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.Zero,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>How many requests found their pooled connection closed by the server and were sent again.</summary>
    public int Retried => _retried;

    private int _retried;

    public Task<Outcome> SendAsync(Probe probe, CancellationToken ct) =>
        probe.Raw is null ? SendWithHttpClientAsync(probe, ct) : SendRawAsync(probe, ct);

    /// <summary>
    /// A server may close an idle keep-alive connection at any time, and a client must recover (RFC 9112 §9.3.1):
    /// HttpClient does so itself unless it had started sending a body, so a request that meets such a close
    /// before any byte of its response is sent once more, on a new connection. Only a second failure counts.
    /// The close can also reach the client while it writes: the request went to a socket the server had just
    /// closed, and the kernel answers with a reset (ECONNRESET) or a broken pipe (EPIPE, "Shutdown"), which
    /// HttpClient reports as an unknown error, not as an ended response. Such a request is sent again only if it
    /// had no body: one with a body may have been read before the close.
    /// </summary>
    private async Task<Outcome> SendWithHttpClientAsync(Probe probe, CancellationToken ct)
    {
        var outcome = await SendOnceAsync(probe, _http, ct);
        if (outcome.Replies.Count == 0 && outcome.Error is { } error
            && (error.StartsWith($"connection closed ({HttpRequestError.ResponseEnded})", StringComparison.Ordinal) || (probe.Body is null && ClosedUnderWrite.Any(cause => error.EndsWith(cause, StringComparison.Ordinal)))))
        {
            Interlocked.Increment(ref _retried);
            outcome = await SendOnceAsync(probe, _fresh, ct);
        }

        return outcome;
    }

    private async Task<Outcome> SendOnceAsync(Probe probe, HttpClient http, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // Exactly the path the generator wrote: no dot-segment removal, no re-escaping.
        var uri = new Uri(gateway.GetLeftPart(UriPartial.Authority) + probe.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), uri);
        if (probe.Body is not null || probe.ContentType is not null || probe.Headers.Any(h => ContentHeaders.Contains(h.Name)))
        {
            request.Content = probe.Chunked ? new StreamContent(new MemoryStream(probe.Body ?? [])) : new ByteArrayContent(probe.Body ?? []);
            if (probe.ContentType is not null && !request.Content.Headers.TryAddWithoutValidation("Content-Type", probe.ContentType))
            {
                throw new InvalidOperationException($"Content-Type not sendable: {probe.ContentType}");
            }
        }

        if (probe.Chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        foreach (var (name, value) in probe.Headers)
        {
            var added = ContentHeaders.Contains(name)
                ? request.Content!.Headers.TryAddWithoutValidation(name, value)
                : request.Headers.TryAddWithoutValidation(name, value);
            if (!added)
            {
                throw new InvalidOperationException($"Header not sendable with HttpClient: {name}");
            }
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                headers[name.ToLowerInvariant()] = string.Join(", ", values);
            }

            var body = await response.Content.ReadAsByteArrayAsync(ct);
            return new Outcome(probe, [new Reply((int)response.StatusCode, headers, body)], null, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            return new Outcome(probe, [], $"connection closed ({e.HttpRequestError}){Cause(e)}", Stopwatch.GetElapsedTime(started));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(probe, [], "no response within 60 s", Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The innermost causes of a write to a socket the server had already closed.</summary>
    private static readonly string[] ClosedUnderWrite =
        [$"socket: {nameof(SocketError.ConnectionReset)}", $"socket: {nameof(SocketError.Shutdown)}"];

    /// <summary>The innermost cause, so a report says whether the server closed, reset or never answered.</summary>
    private static string Cause(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner switch
        {
            SocketException socket => $": socket: {socket.SocketErrorCode}",
            _ when ReferenceEquals(inner, e) => "",
            _ => $": {inner.GetType().Name}: {inner.Message}",
        };
    }

    private async Task<Outcome> SendRawAsync(Probe probe, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(gateway.Host, gateway.Port, ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await stream.WriteAsync(probe.Raw, ct);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (an oversized header): read what it said.
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(RawTimeout);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        string? error = null;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"connection still open after {RawTimeout.TotalSeconds:0} s";
        }
        catch (IOException)
        {
            error = "connection reset";
        }

        var replies = RawHttpReplies.Parse(received.ToArray());
        return new Outcome(probe, replies, replies.Count == 0 ? error ?? "connection closed without a response" : error, Stopwatch.GetElapsedTime(started));
    }

    public void Dispose()
    {
        _http.Dispose();
        _fresh.Dispose();
    }
}
