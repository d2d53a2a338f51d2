using System.Net;
using System.Text.Json;

namespace Backend.Testing;

/// <summary>
/// The one check of an error response (RFC 9457 as the services write it, see ServiceDefaults' ProblemJsonWriter):
/// the expected status, <c>application/problem+json</c>, a JSON object whose <c>status</c> is the HTTP status, with a
/// <c>type</c>, a <c>title</c> and a <c>trace_id</c>, and no stack trace or exception text in it.
/// </summary>
public static class ProblemAssert
{
    public const string MediaType = "application/problem+json";

    /// <summary>What an error body must never show: stack frames, exception and driver names.</summary>
    private static readonly string[] Leaks =
    [
        "   at ", ".cs:line", "--- End of", "Exception", "Npgsql", "StackExchange.Redis", "MassTransit", "EntityFramework", "SQLSTATE",
    ];

    /// <summary>Asserts that <paramref name="response"/> is a problem with <paramref name="status"/>; returns the parsed problem.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken ct = default)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var broken = new List<string>();
        if (response.StatusCode != status)
        {
            broken.Add($"status {(int)response.StatusCode}, expected {(int)status}");
        }

        broken.AddRange(Violations((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body));
        broken.AddRange(Leaks.Where(leak => body.Contains(leak, StringComparison.Ordinal)).Select(leak => $"internals shown ('{leak.Trim()}')"));
        if (broken.Count > 0)
        {
            throw new BackendAssertionException(
                $"Not the expected {(int)status} problem: {string.Join("; ", broken)}.{Environment.NewLine}{Eventually.Describe(body)}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// The rules of the format an error response of status <paramref name="status"/> breaks (none: it is a proper problem).
    /// For the tests that collect what is wrong over many responses instead of stopping at the first, and that look for
    /// internals in every body themselves (allowing for echoes of what they sent).
    /// </summary>
    public static IEnumerable<string> Violations(int status, string? mediaType, string body)
    {
        if (mediaType != MediaType)
        {
            yield return $"content type {mediaType ?? "none"}, not {MediaType}";
            yield break;
        }

        JsonElement problem;
        try
        {
            using var document = JsonDocument.Parse(body);
            problem = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            problem = default;
        }

        if (problem.ValueKind != JsonValueKind.Object)
        {
            yield return "a body that is not a JSON object";
            yield break;
        }

        if (!problem.TryGetProperty("status", out var written) || written.ValueKind != JsonValueKind.Number || written.GetInt32() != status)
        {
            yield return $"\"status\" is not {status}";
        }

        foreach (var member in new[] { "type", "title", "trace_id" })
        {
            if (!problem.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
            {
                yield return $"no \"{member}\"";
            }
        }
    }
}
