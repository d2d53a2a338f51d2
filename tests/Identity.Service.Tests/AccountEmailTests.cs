using System.Net;
using Backend.Testing;

namespace Identity.Service.Tests;

/// <summary>
/// The account flows that go through email, end to end: Identity.Service writes the event through its outbox, the real
/// worker sends it over SMTP to the catcher, and the test reads the link from the email and follows it as a browser does.
/// </summary>
public sealed class AccountEmailTests(IdentityFixture identity)
{
    private const string Scopes = "openid email offline_access users.read";
    private const string VerifySubject = "Verify your email address";
    private const string ResetSubject = "Reset your password";
    private const string AttemptSubject = "Someone tried to create an account with your email address";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task Registration_emails_a_link_that_verifies_the_address_once_and_tokens_then_say_email_verified()
    {
        var (email, password) = await identity.RegisterAsync("Ada Verifier");
        using var app = identity.NewBrowser();
        var before = await app.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, password, Ct);
        Assert.False(OidcClient.Payload(before.AccessToken).GetProperty("email_verified").GetBoolean());

        var (message, link) = await identity.EmailedLinkAsync(email, VerifySubject, "/account/verify-email");
        Assert.Contains("works once", message.TextBody, StringComparison.Ordinal);
        using var person = identity.NewBrowser();
        using var verified = await person.SubmitFormAsync(link, [], Ct);
        using var again = await person.SubmitFormAsync(link, [], Ct);

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains("Your email address is verified", await verified.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("expired or was already used", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Fresh claims at the next refresh.
        var after = await app.RefreshAsync("web", before.RefreshToken!, Ct);
        Assert.True(OidcClient.Payload(after.AccessToken).GetProperty("email_verified").GetBoolean());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_signed_in_person_gets_a_new_verification_link_on_request_and_it_verifies()
    {
        var (email, password) = await identity.RegisterAsync();
        using var person = identity.NewBrowser();
        await person.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, password, Ct);

        using var resent = await person.SubmitFormAsync("/account/resend-verification", [], Ct);

        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Contains("We sent you a new link", await resent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var emails = await identity.Mailbox.WaitForEmailsAsync(email, 2, TimeSpan.FromSeconds(30), VerifySubject, Ct);
        var links = emails.Select(e => System.Text.RegularExpressions.Regex.Match(e.TextBody ?? "", @"https?://\S+/account/verify-email\S+").Value).ToList();
        Assert.Equal(2, links.Distinct(StringComparer.Ordinal).Count());
        using var verified = await person.SubmitFormAsync(new Uri(links[^1]).PathAndQuery, [], Ct);
        Assert.Contains("Your email address is verified", await verified.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var afterwards = await person.OpenAsync("/account/resend-verification", Ct);
        Assert.Contains("already verified", await afterwards.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_tampered_verification_link_verifies_nothing()
    {
        var (email, _) = await identity.RegisterAsync();
        var (_, link) = await identity.EmailedLinkAsync(email, VerifySubject, "/account/verify-email");
        using var person = identity.NewBrowser();

        using var tampered = await person.SubmitFormAsync(link.Replace("token=", "token=x", StringComparison.Ordinal), [], Ct);
        using var genuine = await person.SubmitFormAsync(link, [], Ct);

        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Registering_a_taken_address_answers_exactly_like_a_new_one_and_tells_the_owner()
    {
        var (taken, ownersPassword) = await identity.RegisterAsync("Owner Person");
        using var stranger = identity.NewBrowser();

        using var forTaken = await stranger.RegisterAsync(taken.ToUpperInvariant(), "Someone Else", "another long password", Ct);
        using var forNew = await stranger.RegisterAsync(IdentityFixture.NewEmail(), "Someone Else", "another long password", Ct);

        await AssertAnsweredAlikeAsync(forTaken, forNew);
        Assert.Equal("/account/check-email", forTaken.Headers.Location?.OriginalString);
        var (notice, signInLink) = await identity.EmailedLinkAsync(taken, AttemptSubject, "/account/login");
        Assert.Contains("No new account was created", notice.TextBody, StringComparison.Ordinal);
        Assert.Equal("/account/login", signInLink);

        // The owner's account is untouched: their password still works, the stranger's does not.
        using var owner = identity.NewBrowser();
        using var ownerSignIn = await owner.SignInAsync(taken, ownersPassword, ct: Ct);
        using var strangerSignIn = await identity.NewBrowser().SignInAsync(taken, "another long password", ct: Ct);
        Assert.Equal(HttpStatusCode.Found, ownerSignIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, strangerSignIn.StatusCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Repeated_registration_attempts_tell_the_owner_once_an_hour_at_most()
    {
        var (taken, _) = await identity.RegisterAsync("Popular Person");
        using var stranger = identity.NewBrowser();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var answer = await stranger.RegisterAsync(taken, "Someone Else", "another long password", Ct);
            Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        }

        await identity.EmailedLinkAsync(taken, AttemptSubject, "/account/login");
        await Consistently.TrueAsync(async () => (await identity.Mailbox.EmailsToAsync(taken, AttemptSubject, Ct)).Count == 1,
            TimeSpan.FromSeconds(3), "no second notice within the hour", ct: Ct);
    }

    [Fact(Timeout = 150_000)]
    public async Task Forgot_password_answers_alike_for_any_address_and_its_link_resets_once_and_revokes_every_refresh_token()
    {
        var (email, oldPassword) = await identity.RegisterAsync("Forgetful Person");
        using var app = identity.NewBrowser();
        var session = await app.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, oldPassword, Ct);
        const string newPassword = "a brand new passphrase";

        using var someone = identity.NewBrowser();
        using var forKnown = await someone.SubmitFormAsync("/account/forgot-password", [new("Email", email)], Ct);
        using var forUnknown = await someone.SubmitFormAsync("/account/forgot-password", [new("Email", IdentityFixture.NewEmail())], Ct);
        await AssertAnsweredAlikeAsync(forKnown, forUnknown);

        var (message, link) = await identity.EmailedLinkAsync(email, ResetSubject, "/account/reset-password");
        Assert.Contains("works once", message.TextBody, StringComparison.Ordinal);
        using var person = identity.NewBrowser();
        using var reset = await person.SubmitFormAsync(link, [new("Password", newPassword)], Ct);
        using var reopened = await person.OpenAsync(link, Ct);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("Your password is changed", await reset.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, reopened.StatusCode);
        Assert.Contains("expired or was already used", await reopened.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var revoked = await Assert.ThrowsAsync<OAuthErrorException>(() => app.RefreshAsync("web", session.RefreshToken!, Ct));
        Assert.Equal("invalid_grant", revoked.Error);
        using var withOld = await identity.NewBrowser().SignInAsync(email, oldPassword, ct: Ct);
        Assert.Equal(HttpStatusCode.BadRequest, withOld.StatusCode);
        var withNew = await identity.NewBrowser().SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, newPassword, Ct);
        // The link reached the address: it is verified too.
        Assert.True(OidcClient.Payload(withNew.AccessToken).GetProperty("email_verified").GetBoolean());
    }

    [Fact(Timeout = 120_000)]
    public async Task Changing_the_password_needs_the_current_one_and_revokes_every_refresh_token()
    {
        var (email, password) = await identity.RegisterAsync();
        using var browser = identity.NewBrowser();
        var session = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, password, Ct);
        const string newPassword = "changed on purpose";

        using var wrongCurrent = await browser.SubmitFormAsync("/account/change-password", [new("CurrentPassword", "not my password"), new("NewPassword", newPassword)], Ct);
        var stillValid = await browser.RefreshAsync("web", session.RefreshToken!, Ct);
        using var changed = await browser.SubmitFormAsync("/account/change-password", [new("CurrentPassword", password), new("NewPassword", newPassword)], Ct);

        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.Contains("current password is not right", await wrongCurrent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var revoked = await Assert.ThrowsAsync<OAuthErrorException>(() => browser.RefreshAsync("web", stillValid.RefreshToken!, Ct));
        Assert.Equal("invalid_grant", revoked.Error);
        await identity.NewBrowser().SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, newPassword, Ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Signing_out_revokes_that_session_s_refresh_tokens_and_not_another_session_s()
    {
        var (email, password) = await identity.RegisterAsync();
        using var laptop = identity.NewBrowser();
        using var phone = identity.NewBrowser();
        var onLaptop = await laptop.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, password, Ct);
        var onPhone = await phone.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, password, Ct);
        var rotated = await laptop.RefreshAsync("web", onLaptop.RefreshToken!, Ct);

        using var signedOut = await laptop.SubmitFormAsync("/account/logout", [], Ct);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var revoked = await Assert.ThrowsAsync<OAuthErrorException>(() => laptop.RefreshAsync("web", rotated.RefreshToken!, Ct));
        Assert.Equal("invalid_grant", revoked.Error);
        await phone.RefreshAsync("web", onPhone.RefreshToken!, Ct);
    }

    [Fact(Timeout = 120_000)]
    public async Task Signing_out_everywhere_revokes_every_refresh_token_of_the_account()
    {
        var (email, password) = await identity.RegisterAsync();
        using var laptop = identity.NewBrowser();
        using var phone = identity.NewBrowser();
        var onLaptop = await laptop.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, password, Ct);
        var onPhone = await phone.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, Scopes, email, password, Ct);

        using var everywhere = await laptop.SubmitFormAsync("/account/sign-out-everywhere", [], Ct);

        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.Equal("invalid_grant", (await Assert.ThrowsAsync<OAuthErrorException>(() => laptop.RefreshAsync("web", onLaptop.RefreshToken!, Ct))).Error);
        Assert.Equal("invalid_grant", (await Assert.ThrowsAsync<OAuthErrorException>(() => phone.RefreshAsync("web", onPhone.RefreshToken!, Ct))).Error);
    }

    /// <summary>The same status, the same redirect, the same cookies set and the same body: nothing tells the two apart.</summary>
    private static async Task AssertAnsweredAlikeAsync(HttpResponseMessage first, HttpResponseMessage second)
    {
        static IEnumerable<string> CookieNames(HttpResponseMessage response) =>
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Select(c => c.Split('=')[0]).Order() : [];

        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(CookieNames(first), CookieNames(second));
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await second.Content.ReadAsStringAsync(Ct));
    }
}
