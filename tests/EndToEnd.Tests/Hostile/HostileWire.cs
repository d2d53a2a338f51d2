using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EndToEnd.Tests.Hostile;

/// <summary>Who a hostile request claims to be, by the Authorization header it carries.</summary>
internal enum Caller
{
    Anonymous,
    Attacker,
    AttackerReadOnly,
    Victim,
    Admin,
    Service,
    ExpiredToken,
    WrongAudience,
    WrongIssuer,
    UnsignedToken,
    TamperedToken,
    WrongTokenType,
    VictimSubjectSwapped,
    GarbageToken,
    RefreshTokenAsBearer,
    OtherScheme,
}

/// <summary>One request of the barrage: sent with HttpClient, or as raw bytes over TCP when HttpClient would refuse it.</summary>
internal sealed record Probe
{
    public required string Category { get; init; }

    /// <summary>The endpoint as a route template ("PATCH /api/v1/users/{id}"), for the report.</summary>
    public required string Endpoint { get; init; }

    public required Caller Caller { get; init; }

    public required string Method { get; init; }

    /// <summary>Path and query exactly as sent (ASCII for HttpClient probes; raw probes carry their own request line).</summary>
    public required string Target { get; init; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Send the body with Transfer-Encoding: chunked (no Content-Length).</summary>
    public bool Chunked { get; init; }

    /// <summary>The whole request as bytes written to a fresh TCP connection; Method, Target and Headers then only describe it.</summary>
    public byte[]? Raw { get; init; }

    /// <summary>Names one of the victim's resources (their user id or an order id) in its path or query.</summary>
    public bool TargetsVictim { get; init; }

    /// <summary>No endpoint may accept this request (a hostile write with the victim's own token, a forged token...): it must get a 4xx.</summary>
    public bool MustBeRejected { get; init; }

    public string Path => Target.Split('?', 2)[0];

    public bool IsWrite => Method is not ("GET" or "HEAD" or "OPTIONS" or "TRACE");

    /// <summary>Everything the request said, as text: what a response may legitimately echo back.</summary>
    public string Said => _said ??= string.Join('\n',
        Method, Target, Unescape(Target),
        string.Join('\n', Headers.Select(h => $"{h.Name}: {h.Value}")),
        ContentType ?? "",
        Body is null ? "" : Encoding.UTF8.GetString(Body), Body is null ? "" : Unescape(Encoding.UTF8.GetString(Body)),
        Raw is null ? "" : Encoding.Latin1.GetString(Raw), Raw is null ? "" : Encoding.UTF8.GetString(Raw), Raw is null ? "" : Unescape(Encoding.UTF8.GetString(Raw)));

    private string? _said;

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}

/// <summary>One HTTP response as received: status, headers (names lower-cased, repeated ones joined) and body bytes.</summary>
internal sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? MediaType => Headers.TryGetValue("content-type", out var type) ? type.Split(';')[0].Trim().ToLowerInvariant() : null;

    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>What came back for a probe: its responses (a raw connection may carry several), or why none came.</summary>
internal sealed record Outcome(Probe Probe, IReadOnlyList<Reply> Replies, string? Error, TimeSpan Elapsed);

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
    /// </summary>
    private async Task<Outcome> SendWithHttpClientAsync(Probe probe, CancellationToken ct)
    {
        var outcome = await SendOnceAsync(probe, _http, ct);
        if (outcome.Replies.Count == 0 && outcome.Error == $"connection closed ({HttpRequestError.ResponseEnded})")
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
            return new Outcome(probe, [], $"connection closed ({e.HttpRequestError})", Stopwatch.GetElapsedTime(started));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(probe, [], "no response within 60 s", Stopwatch.GetElapsedTime(started));
        }
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

/// <summary>Splits the bytes a server sent on one connection into HTTP/1.1 responses (interim 1xx ones skipped).</summary>
internal static class RawHttpReplies
{
    public static List<Reply> Parse(byte[] data)
    {
        var replies = new List<Reply>();
        var position = 0;
        while (position < data.Length)
        {
            var headEnd = data.AsSpan(position).IndexOf("\r\n\r\n"u8);
            if (headEnd < 0)
            {
                break;
            }

            var lines = Encoding.Latin1.GetString(data, position, headEnd).Split("\r\n");
            var statusLine = lines[0].Split(' ', 3);
            if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal)
                || !int.TryParse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture, out var status))
            {
                break;
            }

            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    var name = line[..colon].Trim().ToLowerInvariant();
                    var value = line[(colon + 1)..].Trim();
                    headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
                }
            }

            position += headEnd + 4;
            if (status is >= 100 and < 200)
            {
                continue;
            }

            byte[] body;
            if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                (body, position) = Dechunk(data, position);
            }
            else if (headers.TryGetValue("content-length", out var length) && long.TryParse(length, System.Globalization.CultureInfo.InvariantCulture, out var declared))
            {
                var available = (int)Math.Min(declared, data.Length - position);
                body = data.AsSpan(position, available).ToArray();
                position += available;
            }
            else if (status is 204 or 304)
            {
                body = [];
            }
            else
            {
                body = data.AsSpan(position).ToArray();
                position = data.Length;
            }

            replies.Add(new Reply(status, headers, body));
        }

        return replies;
    }

    private static (byte[] Body, int Position) Dechunk(byte[] data, int position)
    {
        var body = new MemoryStream();
        while (position < data.Length)
        {
            var lineEnd = data.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(data, position, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                break;
            }

            position += lineEnd + 2;
            if (size == 0)
            {
                var trailerEnd = data.AsSpan(position).IndexOf("\r\n"u8);
                position = trailerEnd < 0 ? data.Length : position + trailerEnd + 2;
                break;
            }

            var available = Math.Min(size, data.Length - position);
            body.Write(data, position, available);
            position = Math.Min(data.Length, position + size + 2);
        }

        return (body.ToArray(), position);
    }
}
