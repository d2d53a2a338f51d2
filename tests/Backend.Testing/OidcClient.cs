using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Backend.Testing;

/// <summary>
/// A scripted browser plus client app: follows the real redirects, reads the real forms (with their
/// anti-forgery tokens), signs in with a password, and runs authorization code + PKCE, refresh and
/// client credentials against the identity endpoints. <paramref name="baseAddress"/> is Identity.Service
/// itself or the gateway in front of it.
/// </summary>
public sealed partial class OidcClient(Uri baseAddress) : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private HttpClient Browser => _browser ??= new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = _cookies, UseCookies = true })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private HttpClient? _browser;

    public Uri BaseAddress => baseAddress;

    /// <summary>Opens a page of this browser's site (e.g. an emailed link's path and query) as the browser, cookies and all.</summary>
    public Task<HttpResponseMessage> OpenAsync(string pathAndQuery, CancellationToken ct = default) =>
        Browser.GetAsync(new Uri(pathAndQuery, UriKind.Relative), ct);

    /// <summary>
    /// Opens a page (an emailed link's path and query, an account page) and submits its form as a person would: the
    /// form's hidden fields (anti-forgery token included) plus <paramref name="fields"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string pathAndQuery, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct = default)
    {
        var form = await GetFormAsync(pathAndQuery, ct);
        return await Browser.PostAsync(new Uri(form.Action ?? pathAndQuery, UriKind.Relative), new FormUrlEncodedContent(form.Hidden.Concat(fields)), ct);
    }

    /// <summary>Creates an account through the registration page (which answers "check your email", and does not sign in).</summary>
    public async Task<HttpResponseMessage> RegisterAsync(string email, string name, string password, CancellationToken ct = default)
    {
        var form = await GetFormAsync("/account/register", ct);
        return await Browser.PostAsync(new Uri(form.Action ?? "/account/register", UriKind.Relative), new FormUrlEncodedContent(
            form.Hidden.Append(new("DisplayName", name)).Append(new("Email", email)).Append(new("Password", password))), ct);
    }

    /// <summary>Posts the sign-in form; returns the response (302 on success, 400 with the page on failure).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string? returnUrl = null, CancellationToken ct = default)
    {
        var path = returnUrl is null ? "/account/login" : $"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var form = await GetFormAsync(path, ct);
        return await Browser.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(
            form.Hidden.Append(new("Email", email)).Append(new("Password", password))), ct);
    }

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>
    /// Sends the browser to the authorization endpoint and follows redirects (through the sign-in page
    /// when credentials are given) until they leave for the client's redirect URI, or an error page stops them.
    /// </summary>
    public async Task<AuthorizationOutcome> AuthorizeAsync(IDictionary<string, string?> parameters, (string Email, string Password)? credentials = null,
        CancellationToken ct = default)
    {
        var next = new Uri(QueryHelpers.AddQueryString("/connect/authorize", parameters), UriKind.Relative);
        for (var hops = 0; hops < 10; hops++)
        {
            using var response = await Browser.GetAsync(next, ct);
            if (response.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther))
            {
                return new AuthorizationOutcome(response.StatusCode, null, null, null, null, null, await response.Content.ReadAsStringAsync(ct));
            }

            var location = response.Headers.Location!;
            var absolute = location.IsAbsoluteUri ? location : new Uri(baseAddress, location);
            if (!absolute.AbsoluteUri.StartsWith(baseAddress.AbsoluteUri, StringComparison.OrdinalIgnoreCase)
                && !(absolute.Host == baseAddress.Host && absolute.Port == baseAddress.Port))
            {
                var query = QueryHelpers.ParseQuery(absolute.Query);
                return new AuthorizationOutcome(response.StatusCode, absolute, query.GetValueOrDefault("code"), query.GetValueOrDefault("error"),
                    query.GetValueOrDefault("error_description"), query.GetValueOrDefault("state"));
            }

            if (absolute.AbsolutePath.Equals("/account/login", StringComparison.OrdinalIgnoreCase) && credentials is { } signIn)
            {
                var returnUrl = QueryHelpers.ParseQuery(absolute.Query)["ReturnUrl"].ToString();
                using var signedIn = await SignInAsync(signIn.Email, signIn.Password, returnUrl, ct);
                if (signedIn.StatusCode != HttpStatusCode.Found)
                {
                    return new AuthorizationOutcome(signedIn.StatusCode, null, null, null, null, null);
                }

                next = signedIn.Headers.Location!;
                continue;
            }

            next = absolute.PathAndQuery.StartsWith('/') ? new Uri(absolute.PathAndQuery, UriKind.Relative) : absolute;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>Authorization code + PKCE (S256) from start to tokens, as a public client does it.</summary>
    public async Task<TokenSet> SignInWithCodeFlowAsync(string clientId, string redirectUri, string scope, string email, string password,
        CancellationToken ct = default)
    {
        var (verifier, challenge) = NewPkce();
        var state = Guid.NewGuid().ToString("N");
        var outcome = await AuthorizeAsync(new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["nonce"] = Guid.NewGuid().ToString("N"),
        }, (email, password), ct);
        if (outcome.Code is null || outcome.State != state)
        {
            throw new InvalidOperationException($"No authorization code: {outcome}");
        }

        return await RequestTokensAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = outcome.Code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = clientId,
            ["code_verifier"] = verifier,
        }, ct);
    }

    public Task<TokenSet> RefreshAsync(string clientId, string refreshToken, CancellationToken ct = default) =>
        RequestTokensAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId }, ct);

    public Task<TokenSet> ClientCredentialsAsync(string clientId, string secret, string scope, CancellationToken ct = default) =>
        RequestTokensAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        }, ct);

    /// <summary>POSTs to the token endpoint; a refusal throws <see cref="OAuthErrorException"/> with the OAuth error.</summary>
    public async Task<TokenSet> RequestTokensAsync(IDictionary<string, string> form, CancellationToken ct = default)
    {
        using var response = await _http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(form), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (!response.IsSuccessStatusCode)
        {
            throw new OAuthErrorException(response.StatusCode, root.GetProperty("error").GetString()!,
                root.TryGetProperty("error_description", out var description) ? description.GetString() : null);
        }

        return new TokenSet(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            root.TryGetProperty("id_token", out var id) ? id.GetString() : null,
            root.GetProperty("expires_in").GetInt32(),
            root.TryGetProperty("scope", out var scope) ? scope.GetString() : null);
    }

    public Task<HttpResponseMessage> GetWithTokenAsync(string path, string accessToken, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return _http.SendAsync(request, ct);
    }

    /// <summary>The payload of a JWT, decoded without validation (tests inspect what was issued).</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Base64UrlDecode(jwt.Split('.')[1])).RootElement.Clone();

    public static JsonElement Header(string jwt) =>
        JsonDocument.Parse(Base64UrlDecode(jwt.Split('.')[0])).RootElement.Clone();

    public void Dispose()
    {
        _http.Dispose();
        _browser?.Dispose();
    }

    private async Task<(string? Action, List<KeyValuePair<string, string>> Hidden)> GetFormAsync(string path, CancellationToken ct)
    {
        using var response = await Browser.GetAsync(new Uri(path, UriKind.Relative), ct);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync(ct);
        var hidden = InputTag().Matches(html)
            .Select(tag => Attribute().Matches(tag.Value).ToDictionary(a => a.Groups["name"].Value.ToLowerInvariant(), a => WebUtility.HtmlDecode(a.Groups["value"].Value)))
            .Where(attributes => attributes.GetValueOrDefault("type") == "hidden" && attributes.ContainsKey("name"))
            .Select(attributes => new KeyValuePair<string, string>(attributes["name"], attributes.GetValueOrDefault("value") ?? ""))
            .ToList();
        var action = FormAction().Match(html) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups["action"].Value) : null;
        return (action, hidden);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    [GeneratedRegex("""<input\b[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("(?<name>[\\w-]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Attribute();

    [GeneratedRegex("""<form[^>]*action="(?<action>[^"]+)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();
}
