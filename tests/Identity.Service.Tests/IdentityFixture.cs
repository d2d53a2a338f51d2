using Backend.Testing;

[assembly: AssemblyFixture(typeof(Identity.Service.Tests.IdentityFixture))]

namespace Identity.Service.Tests;

/// <summary>The real system (AppHost, process mode): Identity.Service and a resource server (Users.Service) to test tokens against.</summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public const string WebRedirectUri = "http://localhost:5173/callback";
    public const string ApiScopes = "openid profile email roles offline_access users.read users.write orders.read orders.write";

    private BackendApp? _app;

    public string ServiceSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public BackendApp App => _app ?? throw new InvalidOperationException("Not started.");

    public Uri Identity => App.Endpoint("identity", "http");

    public Uri Users => App.Endpoint("users", "http");

    /// <summary>The public issuer: the gateway's URL.</summary>
    public string Issuer => App.Endpoint("gateway", "http").AbsoluteUri;

    public TokenForge Forge => new(Path.Combine(App.DataDirectory, "identity-keys"));

    public OidcClient NewBrowser() => new(Identity);

    public async ValueTask InitializeAsync() => _app = await BackendApp.StartAsync(
        new BackendAppOptions { ExtraArguments = [$"--Parameters:service-client-secret={ServiceSecret}"] },
        TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    /// <summary>A new account, registered through the real page.</summary>
    public async Task<(string Email, string Password)> RegisterAsync(string name = "Ada Lovelace")
    {
        var email = NewEmail();
        const string password = "correct horse battery";
        using var browser = NewBrowser();
        using var response = await browser.RegisterAsync(email, name, password, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Found, response.StatusCode);
        return (email, password);
    }
}
