using System.Net;

namespace Identity.Service.Tests;

public sealed class AccountTests(IdentityFixture identity)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_in_sets_an_http_only_same_site_session_cookie()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();

        using var response = await browser.SignInAsync(email, password, ct: Ct);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("backend.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_attacker_s_failed_sign_ins_slow_the_attacker_and_do_not_stop_the_owner_s_refresh_or_sign_in()
    {
        var (email, password) = await identity.RegisterAsync();
        using var owner = identity.NewBrowser();
        var session = await owner.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, "openid offline_access users.read", email, password, Ct);
        using var attacker = identity.NewBrowser();

        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 8; attempt++)
        {
            using var wrong = await attacker.SignInAsync(email, "wrong password!", ct: Ct);
            answers.Add(wrong.StatusCode);
        }

        // Three free failures, then back-off: the attacker waits, the password is not even checked.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], answers[..4]);
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        using var throttled = await attacker.SignInAsync(email, password, ct: Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // The owner is not locked out: the established session refreshes, and signing in from the app still works.
        var refreshed = await owner.RefreshAsync("web", session.RefreshToken!, Ct);
        Assert.NotEqual(session.RefreshToken, refreshed.RefreshToken);
        await identity.NewBrowser().SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, "openid users.read", email, password, Ct);
    }

    [Fact]
    public async Task A_sign_in_with_an_absurdly_long_address_is_an_ordinary_failure()
    {
        using var browser = identity.NewBrowser();

        using var response = await browser.SignInAsync(new string('e', 5_000) + "@example.com", "whatever password", ct: Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Invalid email or password", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_anti_forgery_token_is_rejected()
    {
        var (email, password) = await identity.RegisterAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = identity.Identity };

        using var response = await http.PostAsync(new Uri("/account/login", UriKind.Relative),
            new FormUrlEncodedContent([new("Email", email), new("Password", password)]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("backend.session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_short_password_or_a_bad_address_is_refused_with_the_reason_whether_or_not_the_address_is_taken()
    {
        var (taken, _) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();

        using var shortForTaken = await browser.RegisterAsync(taken, "Short", "short", Ct);
        using var shortForNew = await browser.RegisterAsync(IdentityFixture.NewEmail(), "Short", "short", Ct);
        using var badAddress = await browser.RegisterAsync("not-an-address", "Bad", "a long enough password", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, shortForTaken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shortForNew.StatusCode);
        Assert.Contains("at least 10 characters", await shortForTaken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("at least 10 characters", await shortForNew.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badAddress.StatusCode);
    }
}
