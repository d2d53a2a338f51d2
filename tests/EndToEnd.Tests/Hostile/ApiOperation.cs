using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Backend.Testing;

namespace EndToEnd.Tests.Hostile;

/// <summary>
/// An operation an API documents: method, path template (as the gateway exposes it) and what its request body is
/// (<c>null</c>: none; <see cref="MergePatch"/>; otherwise the body schema's name).
/// </summary>
internal sealed record ApiOperation(string Service, string Method, string Template, string? Body)
{
    public const string MergePatch = "merge-patch";

    /// <summary>"PATCH /api/v1/users/{id}", as a probe names its endpoint.</summary>
    public string Name => $"{Method} {Template}";

    public override string ToString() => Name;

    /// <summary>
    /// Every operation of every API of the running system: each service of the app is asked for its OpenAPI document
    /// (<c>/openapi/v1.json</c>); those without one (404) are not APIs. A new endpoint or a new API shows up here
    /// without anyone copying it into a list.
    /// </summary>
    public static async Task<IReadOnlyList<ApiOperation>> DocumentedAsync(BackendApp app, CancellationToken ct)
    {
        var operations = new List<ApiOperation>();
        var services = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>()
            .Where(r => r.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == "http"));
        foreach (var service in services)
        {
            using var http = new HttpClient { BaseAddress = app.Endpoint(service.Name, "http"), Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{service.Name}'s /openapi/v1.json: {(int)response.StatusCode}");
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            operations.AddRange(Operations(service.Name, document.RootElement));
        }

        return operations;
    }

    private static IEnumerable<ApiOperation> Operations(string service, JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var template = path.Name.Length > 1 ? path.Name.TrimEnd('/') : path.Name;
            foreach (var operation in path.Value.EnumerateObject().Where(o => HttpMethods.Contains(o.Name)))
            {
                yield return new ApiOperation(service, operation.Name.ToUpperInvariant(), template, BodyOf(operation.Value));
            }
        }
    }

    private static readonly HashSet<string> HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static string? BodyOf(JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return null;
        }

        var types = content.EnumerateObject().ToList();
        if (types.Any(t => t.Name.Contains("merge-patch", StringComparison.Ordinal)))
        {
            return MergePatch;
        }

        return types.Select(t => t.Value.TryGetProperty("schema", out var schema) && schema.TryGetProperty("$ref", out var reference)
                ? reference.GetString()!.Split('/')[^1]
                : "(inline schema)")
            .FirstOrDefault() ?? "(no content)";
    }
}
