using System.Text;

namespace EndToEnd.Tests.Hostile;

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
