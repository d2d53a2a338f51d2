using System.Text.Json;

namespace Identity.Service.Tests;

/// <summary>
/// The first admin of a production system, as the runbook makes it: <c>Identity.Service create-admin --email ADDRESS</c>
/// run as its own process with the service's settings, the password on standard input.
/// </summary>
public sealed class AdminCommandTests(IdentityFixture identity)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_admin_makes_a_verified_admin_who_signs_in_with_the_admin_role()
    {
        var email = IdentityFixture.NewEmail();
        const string password = "a long admin passphrase";

        var (exitCode, output, error) = await RunAsync(["create-admin", "--email", email], input: password + "\n");

        Assert.True(exitCode == 0, error);
        Assert.Contains($"Created the account {email}", output, StringComparison.Ordinal);
        var claims = await SignInAsync(email, password);
        Assert.Contains("admin", RolesOf(claims));
        Assert.Equal("true", claims.GetProperty("email_verified").ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task Create_admin_promotes_an_existing_account_once_and_keeps_its_password()
    {
        var (email, password) = await identity.RegisterAsync("Shop Owner");

        var first = await RunAsync(["create-admin", "--email", email]);
        var again = await RunAsync(["create-admin", "--email", email]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("is now an admin", first.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains($"{email} is an admin.", again.Output, StringComparison.Ordinal);
        Assert.Equal(["admin", "customer"], RolesOf(await SignInAsync(email, password)).Order());
    }

    [Fact]
    public async Task Create_admin_refuses_a_weak_password_and_a_wrong_command_line_and_creates_nothing()
    {
        var email = IdentityFixture.NewEmail();

        var weak = await RunAsync(["create-admin", "--email", email], input: "short\n");
        var usage = await RunAsync(["create-admin", email]);

        Assert.Equal(65 /* EX_DATAERR */, weak.ExitCode);
        Assert.Contains("was not created", weak.Error, StringComparison.Ordinal);
        Assert.Equal(64 /* EX_USAGE */, usage.ExitCode);
        Assert.Contains("Usage:", usage.Error, StringComparison.Ordinal);
        // Nothing was made: the address can still be registered by its owner.
        using var browser = identity.NewBrowser();
        using var registered = await browser.RegisterAsync(email, "Owner", "correct horse battery", Ct);
        Assert.Equal(System.Net.HttpStatusCode.Found, registered.StatusCode);
        Assert.DoesNotContain("admin", RolesOf(await SignInAsync(email, "correct horse battery")));
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string[] arguments, string input = "") =>
        identity.App.RunServiceCommandAsync("identity", arguments, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Identity:Issuer"] = identity.Issuer,
            ["Identity:Keys:Directory"] = Path.Combine(identity.App.DataDirectory, "identity-keys"),
            ["Identity:Clients:Service:Secret"] = identity.ServiceSecret,
            ["Identity:DemoAccounts:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }, input, Ct);

    private async Task<JsonElement> SignInAsync(string email, string password)
    {
        using var browser = identity.NewBrowser();
        var tokens = await browser.SignInWithCodeFlowAsync("web", IdentityFixture.WebRedirectUri, IdentityFixture.ApiScopes, email, password, Ct);
        return Backend.Testing.OidcClient.Payload(tokens.AccessToken);
    }

    private static IEnumerable<string> RolesOf(JsonElement claims) =>
        !claims.TryGetProperty("role", out var role) ? []
        : role.ValueKind == JsonValueKind.Array ? role.EnumerateArray().Select(r => r.GetString()!)
        : [role.GetString()!];
}
