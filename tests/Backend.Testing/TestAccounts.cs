using System.Net;

namespace Backend.Testing;

/// <summary>
/// Accounts for tests, made and signed in through Identity.Service's real pages and endpoints. <see cref="RegisterAsync"/>
/// leaves the address unverified (a verification email goes to it): the account signs in and gets tokens all the same,
/// with email_verified false, and may do everything but order. <see cref="RegisterVerifiedAsync"/> verifies it as a
/// person does, through the emailed link, for accounts that place orders.
/// </summary>
public static class TestAccounts
{
    public const string WebRedirectUri = "http://localhost:5173/callback";
    public const string AllApiScopes = "openid profile email roles offline_access users.read users.write orders.read orders.write";
    public const string Password = "correct horse battery";

    /// <summary>The Development demo admin (see README).</summary>
    public const string AdminEmail = "admin@backend.local";
    public const string AdminPassword = "Admin-Passw0rd!";

    /// <summary>The subject of the email registration sends (Notifications.Worker's AccountEmail).</summary>
    public const string VerificationSubject = "Verify your email address";

    /// <summary>How long the verification email may take: Identity's outbox, the broker, the worker, SMTP, on a loaded machine.</summary>
    public static readonly TimeSpan VerificationEmailTimeout = TimeSpan.FromSeconds(60);

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>A new account, signed in; its address unverified (it cannot order).</summary>
    public static async Task<SignedInUser> RegisterAsync(Uri identity, string? name = null, string scope = AllApiScopes,
        string? email = null, CancellationToken ct = default)
    {
        email = await CreateAccountAsync(identity, name, email, ct);
        return await SignInAsync(identity, email, Password, scope, ct);
    }

    /// <summary>
    /// A new account whose address is verified, as a person does it: registered, the link in the verification email
    /// (read from the SMTP catcher) followed, then signed in, so that its tokens say email_verified true. For accounts
    /// that place orders; the system must run the worker ("notifications") and the catcher ("mail").
    /// </summary>
    public static async Task<SignedInUser> RegisterVerifiedAsync(Uri identity, Mailbox mailbox, string? name = null, string scope = AllApiScopes,
        string? email = null, CancellationToken ct = default)
    {
        email = await CreateAccountAsync(identity, name, email, ct);
        await VerifyEmailAsync(identity, mailbox, email, ct);
        return await SignInAsync(identity, email, Password, scope, ct);
    }

    /// <summary>
    /// Follows the link in the verification email to <paramref name="email"/> (waiting for it) and submits the page's
    /// form, in a browser of its own, as a person clicking the link would. Tokens issued afterwards (a new sign-in, a
    /// refresh) say email_verified true. <paramref name="site"/> is where the pages are served (Identity.Service or
    /// the gateway): the link names the public URL, which a test may not run.
    /// </summary>
    public static async Task VerifyEmailAsync(Uri site, Mailbox mailbox, string email, CancellationToken ct = default)
    {
        var link = await mailbox.WaitForLinkAsync(email, VerificationSubject, "/account/verify-email", VerificationEmailTimeout, ct);
        using var person = new OidcClient(site);
        using var verified = await person.SubmitFormAsync(link, [], ct);
        var page = await verified.Content.ReadAsStringAsync(ct);
        if (verified.StatusCode != HttpStatusCode.OK || !page.Contains("Your email address is verified", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Verifying {email} failed: {(int)verified.StatusCode} {Eventually.Describe(page)}");
        }
    }

    /// <summary>Registers through the real page; returns the address.</summary>
    private static async Task<string> CreateAccountAsync(Uri identity, string? name, string? email, CancellationToken ct)
    {
        email ??= NewEmail();
        name ??= "Test " + email[..13];
        using var browser = new OidcClient(identity);
        using var registered = await browser.RegisterAsync(email, name, Password, ct);
        if (registered.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Registration failed: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync(ct)}");
        }

        return email;
    }

    public static Task<SignedInUser> SignInAdminAsync(Uri identity, string scope = AllApiScopes, CancellationToken ct = default) =>
        SignInAsync(identity, AdminEmail, AdminPassword, scope, ct);

    public static async Task<SignedInUser> SignInAsync(Uri identity, string email, string password, string scope = AllApiScopes, CancellationToken ct = default)
    {
        using var browser = new OidcClient(identity);
        var tokens = await browser.SignInWithCodeFlowAsync("web", WebRedirectUri, scope, email, password, ct);
        var claims = OidcClient.Payload(tokens.AccessToken);
        return new SignedInUser(tokens.AccessToken, tokens.RefreshToken, Guid.Parse(claims.GetProperty("sub").GetString()!),
            claims.GetProperty("email").GetString()!, claims.GetProperty("name").GetString()!);
    }
}
