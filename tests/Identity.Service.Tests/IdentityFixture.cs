using Backend.Testing;

[assembly: AssemblyFixture(typeof(Identity.Service.Tests.IdentityFixture))]

namespace Identity.Service.Tests;

/// <summary>
/// The real AppHost (process mode) with Identity.Service, a resource server to test its tokens against (Users.Service),
/// and the notifications worker with the SMTP catcher (account emails), with what they need (PostgreSQL, Redis,
/// RabbitMQ). No gateway: the issuer is the stand-in public URL (<see cref="BackendApp.PublicUrl"/>), as the gateway's
/// URL is in production; Gateway.Tests covers the gateway.
/// </summary>
public sealed class IdentityFixture : BackendFixture, IAsyncLifetime
{
    public const string WebRedirectUri = "http://localhost:5173/callback";
    public const string ApiScopes = "openid profile email roles offline_access users.read users.write orders.read orders.write";

    /// <summary>
    /// The refresh-token reuse leeway this fixture's Identity.Service runs with: short, so that a test can wait it out,
    /// yet long enough for an immediate retry to land inside it on a loaded machine.
    /// </summary>
    public static readonly TimeSpan RefreshTokenReuseLeeway = TimeSpan.FromSeconds(2);

    /// <summary>How often this fixture's Identity.Service prunes spent tokens (the minimum age stays the default 14 days).</summary>
    public static readonly TimeSpan TokenPruningInterval = TimeSpan.FromSeconds(1);

    public string ServiceSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    protected override BackendAppOptions Options => new()
    {
        Only = ["identity", "users", "notifications"],
        ExtraArguments = [$"--Parameters:service-client-secret={ServiceSecret}"],
        ServiceSettings = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["identity"] = new Dictionary<string, string>
            {
                ["Identity__Tokens__RefreshTokenReuseLeeway"] = RefreshTokenReuseLeeway.ToString("c"),
                ["Identity__TokenPruning__Interval"] = TokenPruningInterval.ToString("c"),
            },
        },
    };

    public Uri Identity => App.Endpoint("identity", "http");

    public Uri Users => App.Endpoint("users", "http");

    /// <summary>The public issuer: the system's public URL (the gateway's in production).</summary>
    public string Issuer => App.PublicUrl.AbsoluteUri;

    public TokenForge Forge => new(Path.Combine(App.DataDirectory, "identity-keys"));

    public OidcClient NewBrowser() => new(Identity);

    /// <summary>The emails the SMTP catcher received.</summary>
    public Mailbox Mailbox => _mailbox ??= Mailbox.Of(App);

    private Mailbox? _mailbox;

    protected override ValueTask TearDownAsync()
    {
        _mailbox?.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask InitializeAsync() => StartAsync(TestContext.Current.CancellationToken);

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

    /// <summary>
    /// The one email with <paramref name="subject"/> to <paramref name="recipient"/> (waiting for it), and the link in it
    /// to <paramref name="path"/>, as the path and query to open on Identity.Service: the link names the public URL
    /// (the gateway's), which this fixture does not run.
    /// </summary>
    public async Task<(MimeKit.MimeMessage Email, string Link)> EmailedLinkAsync(string recipient, string subject, string path)
    {
        var emails = await Eventually.ValueAsync(async () => (await Mailbox.EmailsToAsync(recipient, TestContext.Current.CancellationToken)).Where(e => e.Subject == subject).ToList(),
            found => found.Count > 0, TimeSpan.FromSeconds(30), $"{recipient} gets \"{subject}\"", TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        var email = Assert.Single(emails);
        var link = System.Text.RegularExpressions.Regex.Matches(email.TextBody ?? "", @"https?://\S+").Select(m => new Uri(m.Value))
            .Single(u => u.AbsolutePath == path);
        Assert.StartsWith(Issuer, link.AbsoluteUri, StringComparison.Ordinal);
        return (email, link.PathAndQuery);
    }
}
