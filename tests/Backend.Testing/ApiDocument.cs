using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Backend.Testing;

/// <summary>
/// A service's committed API document (docs/openapi/{service}.v1.json, what clients are generated from), to check real
/// responses against: the status must be documented for the operation, with the content type the response carries,
/// and a problem body may hold only the documented members or extension members the schema allows.
/// </summary>
public sealed class ApiDocument
{
    private readonly JsonElement _root;

    private ApiDocument(JsonElement root) => _root = root;

    public static ApiDocument Load(string service)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "openapi", $"{service}.v1.json")));
        return new ApiDocument(document.RootElement.Clone());
    }

    /// <summary>Throws unless <paramref name="response"/> is one the document lists for <paramref name="method"/> <paramref name="pathTemplate"/>.</summary>
    public async Task AssertDocumentsAsync(HttpMethod method, string pathTemplate, HttpResponseMessage response, CancellationToken ct = default)
    {
        var operation = $"{method.Method} {pathTemplate}";
        if (!_root.GetProperty("paths").TryGetProperty(pathTemplate, out var path) || !path.TryGetProperty(method.Method.ToLowerInvariant(), out var documented))
        {
            throw new BackendAssertionException($"{operation} is not in the document.");
        }

        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!documented.GetProperty("responses").TryGetProperty(status, out var answer))
        {
            throw new BackendAssertionException($"{operation} answered {status}, which its document does not list.");
        }

        if (response.Content.Headers.ContentType?.MediaType is not { } mediaType || response.Content.Headers.ContentLength == 0)
        {
            return;
        }

        if (!answer.TryGetProperty("content", out var content) || !content.TryGetProperty(mediaType, out _))
        {
            throw new BackendAssertionException($"{operation} answered {status} as {mediaType}, which its document does not list for {status}.");
        }

        if (mediaType == "application/problem+json")
        {
            var problem = _root.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
            var extensionsAllowed = !problem.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False;
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var undocumented = body.RootElement.EnumerateObject().Select(m => m.Name)
                .Where(name => !problem.GetProperty("properties").TryGetProperty(name, out _)).ToList();
            if (undocumented.Count > 0 && !extensionsAllowed)
            {
                throw new BackendAssertionException($"{operation} answered a problem with {string.Join(", ", undocumented)}, which its schema forbids.");
            }
        }
    }

    /// <summary>The clone this file was compiled from (tests/Backend.Testing/ is two folders down).</summary>
    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
