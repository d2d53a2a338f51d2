using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceDefaults.Idempotency;

/// <summary>
/// What makes two requests "the same request" for an Idempotency-Key: method, path, query and body. A JSON body
/// is compared without its insignificant white space (a client that re-serialises its retry is not refused);
/// any other body is compared byte for byte. Whatever the endpoint binds the body to, a different body is a
/// different request (422), never a replay of the first one's response.
/// </summary>
public static class RequestFingerprint
{
    public static byte[] Compute(string method, string path, string? query, ReadOnlySpan<byte> body, bool isJson)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()} {path}{query}\n"));
        hash.AppendData(isJson && Compact(body) is { } compact ? compact : body);
        return hash.GetHashAndReset();
    }

    /// <summary>The JSON without insignificant white space, or null when it is not JSON after all.</summary>
    private static byte[]? Compact(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            return JsonNode.Parse(ref reader) is { } node ? JsonSerializer.SerializeToUtf8Bytes(node) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
