using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Backend.Testing;

/// <summary>An HTTP client for the JSON APIs: snake_case bodies, a bearer token, any header a test needs.</summary>
public sealed class ApiClient(Uri baseAddress, string? accessToken = null, HttpClient? http = null) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // UTF-8 header values allowed, so that hostile-input tests can send what HttpClient would refuse.
    private readonly HttpClient _http = http
        ?? new(new SocketsHttpHandler { AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public Uri BaseAddress => baseAddress;

    public Task<HttpResponseMessage> GetAsync(string path, (string Name, string Value)? header = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, path, headers: header is { } h ? [h] : [], ct: ct);

    public Task<HttpResponseMessage> PostAsync(string path, object body, (string Name, string Value)? header = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body, Json), headers: header is { } h ? [h] : [], ct: ct);

    public Task<HttpResponseMessage> DeleteAsync(string path, (string Name, string Value)? header = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, path, headers: header is { } h ? [h] : [], ct: ct);

    /// <summary>Sends <paramref name="rawBody"/> as is (malformed JSON included) with the given content type.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? rawBody = null, string contentType = "application/json",
        IEnumerable<(string Name, string Value)>? headers = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request, ct);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct = default)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Not JSON ({(int)response.StatusCode}): {body}", e);
        }
    }

    public void Dispose() => _http.Dispose();
}
