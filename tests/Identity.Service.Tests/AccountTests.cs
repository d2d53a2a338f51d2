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
    public async Task The_account_locks_after_five_wrong_passwords_even_for_the_right_one()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await browser.SignInAsync(email, "wrong password!", ct: Ct);
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var right = await browser.SignInAsync(email, password, ct: Ct);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
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
    public async Task Registering_an_email_twice_or_a_short_password_is_refused_with_the_reason()
    {
        var (email, _) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();

        using var duplicate = await browser.RegisterAsync(email.ToUpperInvariant(), "Someone Else", "another long password", Ct);
        using var shortPassword = await browser.RegisterAsync(IdentityFixture.NewEmail(), "Short", "short", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("already exists", await duplicate.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
        Assert.Contains("at least 10 characters", await shortPassword.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
