using System.Net;
using System.Text.Json;
using Backend.Testing;

namespace Identity.Service.Tests;

public sealed class AuthorizationCodeFlowTests(IdentityFixture identity)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_names_the_public_url_as_issuer_and_offers_only_the_safe_flows()
    {
        using var http = new HttpClient { BaseAddress = identity.Identity };

        using var discovery = JsonDocument.Parse(await http.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), Ct));

        var root = discovery.RootElement;
        Assert.Equal(identity.Issuer, root.GetProperty("issuer").GetString());
        Assert.Equal(["S256"], Strings(root, "code_challenge_methods_supported"));
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], Strings(root, "grant_types_supported").Order());
        Assert.Equal(["code"], Strings(root, "response_types_supported"));
        Assert.Contains("RS256", Strings(root, "id_token_signing_alg_values_supported"));
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "end_session_endpoint", "revocation_endpoint", "introspection_endpoint", "jwks_uri" })
        {
            Assert.True(root.TryGetProperty(endpoint, out _), $"{endpoint} is missing");
        }
    }

    [Fact]
    public async Task The_web_client_signs_in_with_code_and_pkce_through_the_login_form_and_reads_userinfo()
    {
        var (email, password) = await identity.RegisterAsync("Grace Hopper");
        using var browser = identity.NewBrowser(); // a fresh browser: no session, so the login form is used

        var tokens = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, IdentityFixture.ApiScopes, email, password, Ct);

        Assert.Equal(3, tokens.AccessToken.Split('.').Length); // a signed JWT, not an encrypted one (JWE has 5 parts)
        var header = OidcClient.Header(tokens.AccessToken);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        var claims = OidcClient.Payload(tokens.AccessToken);
        Assert.Equal(identity.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(["orders-api", "users-api"], claims.GetProperty("aud").EnumerateArray().Select(a => a.GetString()).Order());
        Assert.Equal(email, claims.GetProperty("email").GetString());
        Assert.Equal("Grace Hopper", claims.GetProperty("name").GetString());
        Assert.Equal("customer", claims.GetProperty("role").GetString());
        Assert.Contains("orders.write", claims.GetProperty("scope").GetString()!.Split(' '));
        Assert.Equal(15 * 60, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.True(Guid.TryParse(claims.GetProperty("sub").GetString(), out _));
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdToken);

        using var userInfo = await browser.GetWithTokenAsync("/connect/userinfo", tokens.AccessToken, Ct);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        using var info = JsonDocument.Parse(await userInfo.Content.ReadAsStringAsync(Ct));
        Assert.Equal(claims.GetProperty("sub").GetString(), info.RootElement.GetProperty("sub").GetString());
        Assert.Equal(email, info.RootElement.GetProperty("email").GetString());
        Assert.Equal("Grace Hopper", info.RootElement.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:49152/callback")]
    [InlineData("http://127.0.0.1:61001/callback")]
    public async Task The_mobile_client_may_use_a_loopback_redirect_on_any_port(string redirectUri)
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();

        var tokens = await browser.SignInWithCodeFlowAsync("mobile", redirectUri, "openid users.read offline_access", email, password, Ct);

        Assert.Equal("users-api", OidcClient.Payload(tokens.AccessToken).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task An_authorization_request_without_pkce_is_refused()
    {
        using var browser = identity.NewBrowser();

        var outcome = await browser.AuthorizeAsync(Request("web", IdentityFixture.WebRedirectUri), ct: Ct);

        AssertRefusedOnTheServer(outcome, "code_challenge");
    }

    [Fact]
    public async Task The_plain_pkce_method_is_refused()
    {
        using var browser = identity.NewBrowser();
        var request = Request("web", IdentityFixture.WebRedirectUri);
        request["code_challenge"] = new string('a', 43);
        request["code_challenge_method"] = "plain";

        var outcome = await browser.AuthorizeAsync(request, ct: Ct);

        AssertRefusedOnTheServer(outcome, "code_challenge_method");
    }

    [Theory]
    [InlineData("web", "http://evil.example/callback")]
    [InlineData("web", "http://localhost:5173/callback/extra")] // exact matching: no prefix match
    [InlineData("mobile", "http://localhost:49152/callback")] // loopback wildcard is for 127.0.0.1 as registered
    public async Task An_unregistered_redirect_uri_gets_an_error_page_and_no_redirect(string clientId, string redirectUri)
    {
        using var browser = identity.NewBrowser();
        var request = Request(clientId, redirectUri);
        (request["code_challenge"], request["code_challenge_method"]) = (OidcClient.NewPkce().Challenge, "S256");

        var outcome = await browser.AuthorizeAsync(request, ct: Ct);

        Assert.Equal(HttpStatusCode.BadRequest, outcome.Status);
        Assert.Null(outcome.RedirectedTo);
    }

    [Fact]
    public async Task The_implicit_and_password_grants_do_not_exist()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();
        var implicitRequest = Request("web", IdentityFixture.WebRedirectUri);
        implicitRequest["response_type"] = "token";

        var implicitOutcome = await browser.AuthorizeAsync(implicitRequest, ct: Ct);
        var passwordGrant = await Assert.ThrowsAsync<OAuthErrorException>(() => browser.RequestTokensAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "web",
            ["username"] = email,
            ["password"] = password,
        }, Ct));

        AssertRefusedOnTheServer(implicitOutcome, "response_type");
        Assert.Equal("unsupported_grant_type", passwordGrant.Error);
    }

    /// <summary>
    /// OpenIddict answers an invalid authorization request itself (400, the OAuth error in the body)
    /// rather than redirecting: nothing reaches the client's redirect URI, certainly no code.
    /// </summary>
    private static void AssertRefusedOnTheServer(AuthorizationOutcome outcome, string parameter)
    {
        Assert.Equal(HttpStatusCode.BadRequest, outcome.Status);
        Assert.Null(outcome.RedirectedTo);
        Assert.Null(outcome.Code);
        Assert.Contains("error", outcome.Body, StringComparison.Ordinal);
        Assert.Contains(parameter, outcome.Body, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Request(string clientId, string redirectUri) => new()
    {
        ["client_id"] = clientId,
        ["redirect_uri"] = redirectUri,
        ["response_type"] = "code",
        ["scope"] = "openid users.read",
        ["state"] = "xyz",
    };

    private static string[] Strings(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
