using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Testing;

namespace Identity.Service.Tests;

/// <summary>What a resource server (Users.Service) accepts: each refused token differs from a valid one in one respect.</summary>
public sealed class ResourceServerTests(IdentityFixture identity)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Subject { get; } = Guid.NewGuid().ToString();

    [Fact]
    public async Task A_valid_token_minted_with_the_real_key_is_accepted()
    {
        // The control case: every refusal below changes exactly one thing in this token.
        var token = identity.Forge.Create(identity.Issuer, "users-api", Subject, "users.read");

        using var response = await GetMe(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task No_token_is_401_with_a_bearer_challenge()
    {
        using var response = await GetMe(token: null);

        await AssertRefused(response, HttpStatusCode.Unauthorized, expectInvalidToken: false);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = identity.Forge.Create(identity.Issuer, "users-api", Subject, "users.read", expires: DateTime.UtcNow.AddMinutes(-2));

        using var response = await GetMe(token);

        var problem = await AssertRefused(response, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_for_another_api_is_refused()
    {
        var token = identity.Forge.Create(identity.Issuer, "orders-api", Subject, "users.read");

        using var response = await GetMe(token);

        var problem = await AssertRefused(response, HttpStatusCode.Unauthorized);
        Assert.Contains("audience", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = identity.Forge.Create("http://evil.example/", "users-api", Subject, "users.read");

        using var response = await GetMe(token);

        var problem = await AssertRefused(response, HttpStatusCode.Unauthorized);
        Assert.Contains("issuer", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_is_refused()
    {
        var token = TokenForge.Tampered(identity.Forge.Create(identity.Issuer, "users-api", Subject, "users.read"));

        using var response = await GetMe(token);

        var problem = await AssertRefused(response, HttpStatusCode.Unauthorized);
        Assert.Contains("signature", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var token = TokenForge.WithoutSignature(identity.Forge.Create(identity.Issuer, "users-api", Subject, "users.read"));

        using var response = await GetMe(token);

        await AssertRefused(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_without_the_required_scope_is_403_insufficient_scope()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();
        var tokens = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, "openid profile email users.read", email, password, Ct);
        using var http = new HttpClient { BaseAddress = identity.Users };
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/users/me")
        {
            Content = JsonContent.Create(new { email, name = "New name" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("users.write", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, Ct);
    }

    [Fact]
    public async Task A_real_access_token_from_the_code_flow_is_accepted()
    {
        var (email, password) = await identity.RegisterAsync("Katherine Johnson");
        using var browser = identity.NewBrowser();
        var tokens = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, "openid users.read", email, password, Ct);

        using var response = await GetMe(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var profile = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(email, profile.RootElement.GetProperty("email").GetString());
        Assert.Equal("Katherine Johnson", profile.RootElement.GetProperty("name").GetString());
    }

    private async Task<HttpResponseMessage> GetMe(string? token)
    {
        using var http = new HttpClient { BaseAddress = identity.Users };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, Ct);
    }

    /// <summary>Status, WWW-Authenticate: Bearer (with invalid_token when a token was sent) and a problem+json body; returns the body.</summary>
    private static async Task<string> AssertRefused(HttpResponseMessage response, HttpStatusCode status, bool expectInvalidToken = true)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, status, Ct);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer", challenge, StringComparison.Ordinal);
        if (expectInvalidToken)
        {
            Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        }

        return problem.GetRawText();
    }
}
