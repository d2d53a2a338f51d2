using Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

[assembly: AssemblyFixture(typeof(Gateway.Tests.GatewayFixture))]

namespace Gateway.Tests;

/// <summary>The real system (AppHost, process mode); tests reach the services through its gateway only.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private BackendApp? _app;

    public BackendApp App => _app ?? throw new InvalidOperationException("Not started.");

    public Uri Gateway => App.Endpoint("gateway", "http");

    public Uri Identity => App.Endpoint("identity", "http");

    public SignedInUser Customer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await BackendApp.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        Customer = await TestAccounts.RegisterAsync(Gateway, "Gateway Tester", ct: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>
    /// Another gateway, in this process, with settings of the test's choosing (low rate limits, a route to a
    /// test downstream: <c>services:users:h2c:0</c>, as the gateway reaches services over cleartext HTTP/2).
    /// It validates tokens against the real Identity.Service.
    /// </summary>
    public InProcessGateway NewGateway(Dictionary<string, string?> settings)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Identity:Issuer"] = Gateway.AbsoluteUri,
            ["Identity:Authority"] = Identity.AbsoluteUri,
            ["services:identity:http:0"] = Identity.AbsoluteUri,
            ["services:identity:h2c:0"] = App.Endpoint("identity", "h2c").AbsoluteUri,
            ["services:users:h2c:0"] = App.Endpoint("users", "h2c").AbsoluteUri,
            ["services:orders:h2c:0"] = App.Endpoint("orders", "h2c").AbsoluteUri,
        };
        foreach (var (key, value) in settings)
        {
            defaults[key] = value; // the test's settings win
        }

        return new InProcessGateway(defaults);
    }
}

public sealed class InProcessGateway(Dictionary<string, string?> settings) : WebApplicationFactory<global::Gateway.Protection.EdgeOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
