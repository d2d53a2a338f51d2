using System.Net;

namespace Backend.Testing;

/// <summary>
/// Accounts for tests, made and signed in through Identity.Service's real pages and endpoints. Their address stays
/// unverified (a verification email goes to it): they sign in and get tokens all the same, with email_verified false.
/// </summary>
public static class TestAccounts
{
    public const string WebRedirectUri = "http://localhost:5173/callback";
    public const string AllApiScopes = "openid profile email roles offline_access users.read users.write orders.read orders.write";
    public const string Password = "correct horse battery";

    /// <summary>The Development demo admin (see README).</summary>
    public const string AdminEmail = "admin@backend.local";
    public const string AdminPassword = "Admin-Passw0rd!";

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static async Task<SignedInUser> RegisterAsync(Uri identity, string? name = null, string scope = AllApiScopes,
        string? email = null, CancellationToken ct = default)
    {
        email ??= NewEmail();
        name ??= "Test " + email[..13];
        using var browser = new OidcClient(identity);
        using var registered = await browser.RegisterAsync(email, name, Password, ct);
        if (registered.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Registration failed: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync(ct)}");
        }

        return await SignInAsync(identity, email, Password, scope, ct);
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
