using Backend.Testing;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Storefront.Tests.StorefrontFixture))]

namespace Storefront.Tests;

/// <summary>
/// The whole system (the real AppHost, process mode) with the built web app served by its gateway, and one real
/// browser: Debian's chromium, driven by Playwright through its executable path (nothing is ever downloaded). Each
/// test opens its own browser contexts: separate cookie jars, as separate people on separate machines.
/// </summary>
public sealed class StorefrontFixture : BackendFixture, IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Mailbox? _mailbox;

    /// <summary>The gateway's address: where the app, the APIs and Identity's pages are (one origin).</summary>
    public Uri Site => App.PublicUrl;

    public Mailbox Mailbox => _mailbox ?? throw new InvalidOperationException("The app has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>The cap on one customer's new orders per minute here (lower than the default, to reach it quickly).</summary>
    public const int OrdersPerMinute = 3;

    /// <summary>
    /// The gateway's and Identity's per-IP limits are lifted: every person here is 127.0.0.1, and sign-ins and token
    /// renewals count against the credentials limit (Gateway.Tests cover the limits).
    /// </summary>
    protected override BackendAppOptions Options => new()
    {
        ExtraArguments =
        [
            "--Services:gateway:Gateway:RateLimiting:PerClientIp:PermitLimit=100000",
            "--Services:gateway:Gateway:RateLimiting:PerClientIp:TokensPerPeriod=100000",
            "--Services:gateway:Gateway:RateLimiting:Credentials:PermitLimit=100000",
            "--Services:identity:Identity:SignInThrottle:PerIp:FreeFailures=1000000",
            $"--Services:orders:Orders:Limits:MaxOrdersPerMinute={OrdersPerMinute}",
            "--Shop:DemoCatalog=true", // a shop with products, as ./run.sh shows it (and as the screenshots show it)
        ],
    };

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        if (!File.Exists(Path.Combine(WebApp.Built, "index.html")))
        {
            throw new InvalidOperationException($"The web app is not built ({WebApp.Built}): run 'npm ci && npm run build' in WebApp/ (test.sh does).");
        }

        // Expectations wait as long as actions do. Playwright's 5 s default is shorter than a service's first answer
        // (JIT, first connections) on a busy two-core CI machine; a screen that never shows still fails.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            Headless = true,
        });
        await StartAsync(ct);
    }

    protected override Task SetUpAsync(BackendApp app, CancellationToken ct)
    {
        _mailbox = Mailbox.Of(app);
        return Task.CompletedTask;
    }

    /// <summary>A new person at a new machine: their own cookies and storage, a desktop or a phone's screen.</summary>
    public async Task<IPage> NewPersonAsync(ViewportSize? screen = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.AbsoluteUri.TrimEnd('/'),
            Locale = "en-US",
            ViewportSize = screen ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    protected override async ValueTask TearDownAsync()
    {
        _mailbox?.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
