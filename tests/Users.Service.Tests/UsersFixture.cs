using Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

[assembly: AssemblyFixture(typeof(Users.Service.Tests.UsersFixture))]

namespace Users.Service.Tests;

/// <summary>The real system (AppHost, process mode) with a signed-in admin and two customers.</summary>
public sealed class UsersFixture : IAsyncLifetime
{
    private BackendApp? _app;
    private SecondInstance? _second;

    public BackendApp App => _app ?? throw new InvalidOperationException("Not started.");

    public Uri Users => App.Endpoint("users", "http");

    public Uri Identity => App.Endpoint("identity", "http");

    public SignedInUser Admin { get; private set; } = null!;

    public SignedInUser Alice { get; private set; } = null!;

    public SignedInUser Bob { get; private set; } = null!;

    public ApiClient As(SignedInUser user) => new(Users, user.AccessToken);

    public ApiClient Anonymous() => new(Users);

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _app = await BackendApp.StartAsync(cancellationToken: ct);
        Admin = await TestAccounts.SignInAdminAsync(Identity, ct: ct);
        Alice = await TestAccounts.RegisterAsync(Identity, "Alice Liddell", ct: ct);
        Bob = await TestAccounts.RegisterAsync(Identity, "Bob Dylan", ct: ct);
    }

    /// <summary>
    /// A second Users.Service instance (in this process) on the same PostgreSQL, Redis and RabbitMQ, as a
    /// second replica behind a load balancer would be.
    /// </summary>
    public async Task<ApiClient> SecondInstanceAsync(SignedInUser user)
    {
        _second ??= new SecondInstance(
            await App.ConnectionStringAsync("usersdb") ?? throw new InvalidOperationException("No usersdb."),
            await App.ConnectionStringAsync("cache") ?? throw new InvalidOperationException("No cache."),
            await App.ConnectionStringAsync("messaging") ?? throw new InvalidOperationException("No messaging."),
            App.Endpoint("gateway", "http").AbsoluteUri,
            Identity.AbsoluteUri);
        return new ApiClient(_second.Server.BaseAddress, user.AccessToken, _second.CreateClient());
    }

    public async ValueTask DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private sealed class SecondInstance(string usersDb, string cache, string messaging, string issuer, string authority)
        : WebApplicationFactory<global::Users.Service.Users.UserProfiles> // any type of the service picks its entry point
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder
            .UseEnvironment("Development")
            .UseSetting("ConnectionStrings:usersdb", usersDb)
            .UseSetting("ConnectionStrings:cache", cache)
            .UseSetting("ConnectionStrings:messaging", messaging)
            .UseSetting("Identity:Issuer", issuer)
            .UseSetting("Identity:Authority", authority);
    }
}
