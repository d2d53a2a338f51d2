using System.Net;
using Backend.Testing;

namespace Identity.Service.Tests;

public sealed class TokenGrantTests(IdentityFixture identity)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Client_credentials_give_a_token_for_the_scope_s_api_only()
    {
        using var client = identity.NewBrowser();

        var tokens = await client.ClientCredentialsAsync("service", identity.ServiceSecret, "users.read", Ct);

        var claims = OidcClient.Payload(tokens.AccessToken);
        Assert.Equal("users-api", claims.GetProperty("aud").GetString());
        Assert.Equal("users.read", claims.GetProperty("scope").GetString());
        Assert.Equal("service", claims.GetProperty("sub").GetString());
        Assert.Equal(identity.Issuer, claims.GetProperty("iss").GetString());
        Assert.Null(tokens.RefreshToken);
    }

    [Fact]
    public async Task Client_credentials_cannot_ask_for_a_scope_the_client_was_not_given()
    {
        using var client = identity.NewBrowser();

        var error = await Assert.ThrowsAsync<OAuthErrorException>(() => client.ClientCredentialsAsync("service", identity.ServiceSecret, "orders.write", Ct));

        // OpenIddict reports a scope the client is not permitted as invalid_request (ID2051), not invalid_scope.
        Assert.Equal("invalid_request", error.Error);
        Assert.Contains("scope", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_invalid_client()
    {
        using var client = identity.NewBrowser();

        var error = await Assert.ThrowsAsync<OAuthErrorException>(() => client.ClientCredentialsAsync("service", "not-the-secret", "users.read", Ct));

        Assert.Equal("invalid_client", error.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
    }

    [Fact]
    public async Task A_refresh_token_rotates_and_presenting_the_rotated_one_again_within_the_leeway_keeps_the_user_signed_in()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();
        var first = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, "openid offline_access users.read", email, password, Ct);

        var second = await browser.RefreshAsync("web", first.RefreshToken!, Ct);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(OidcClient.Payload(first.AccessToken).GetProperty("sub").GetString(), OidcClient.Payload(second.AccessToken).GetProperty("sub").GetString());

        // The mobile client never got that response (the network dropped it) and retries with the token it still holds...
        var retried = await browser.RefreshAsync("web", first.RefreshToken!, Ct);

        // ...and is still signed in: it gets fresh tokens for the same user, and can keep refreshing with them.
        Assert.Equal(OidcClient.Payload(first.AccessToken).GetProperty("sub").GetString(), OidcClient.Payload(retried.AccessToken).GetProperty("sub").GetString());
        var next = await browser.RefreshAsync("web", retried.RefreshToken!, Ct);
        Assert.NotNull(next.RefreshToken);
    }

    [Fact]
    public async Task Replaying_a_rotated_refresh_token_after_the_leeway_revokes_the_whole_family()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();
        var first = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, "openid offline_access users.read", email, password, Ct);
        var sinceRotation = System.Diagnostics.Stopwatch.StartNew();
        var current = await browser.RefreshAsync("web", first.RefreshToken!, Ct);

        // A thief replays the first (already rotated) refresh token until the leeway is over: inside it the replay is
        // honoured as a lost-response retry (and its tokens join the family); after it, the replay is refused.
        OAuthErrorException? refused = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                current = await browser.RefreshAsync("web", first.RefreshToken!, Ct);
                return false;
            }
            catch (OAuthErrorException error)
            {
                refused = error;
                return true;
            }
        }, IdentityFixture.RefreshTokenReuseLeeway + TimeSpan.FromSeconds(30), "a replay after the leeway is refused", TimeSpan.FromMilliseconds(250), Ct);

        Assert.Equal("invalid_grant", refused!.Error);
        Assert.True(sinceRotation.Elapsed >= IdentityFixture.RefreshTokenReuseLeeway, $"refused after {sinceRotation.Elapsed}, inside the leeway");

        // ...which also kills the legitimate client's newest one: the whole family is revoked.
        var afterTheft = await Assert.ThrowsAsync<OAuthErrorException>(() => browser.RefreshAsync("web", current.RefreshToken!, Ct));
        Assert.Equal("invalid_grant", afterTheft.Error);
    }

    [Fact]
    public async Task A_refresh_token_is_bound_to_the_client_it_was_issued_to()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();
        var tokens = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, "openid offline_access users.read", email, password, Ct);

        var error = await Assert.ThrowsAsync<OAuthErrorException>(() => browser.RefreshAsync("mobile", tokens.RefreshToken!, Ct));

        Assert.Equal("invalid_grant", error.Error);
    }
}
