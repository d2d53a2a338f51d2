using Backend.Testing;

[assembly: AssemblyFixture(typeof(Users.Service.Tests.UsersFixture))]

namespace Users.Service.Tests;

/// <summary>
/// The real AppHost (process mode) with Users.Service and what it needs: PostgreSQL (usersdb), Redis, RabbitMQ, and
/// Identity.Service to sign people in. No gateway (tokens name the stand-in public URL), Orders.Service, worker or
/// smtp4dev. A signed-in admin and two customers.
/// </summary>
public sealed class UsersFixture : BackendFixture, IAsyncLifetime
{
    private ServiceInstance<global::Users.Service.Users.UserProfiles>? _second;

    protected override BackendAppOptions Options => new() { Only = ["users", "identity"] };

    public Uri Users => App.Endpoint("users", "http");

    public Uri Identity => App.Endpoint("identity", "http");

    public SignedInUser Admin { get; private set; } = null!;

    public SignedInUser Alice { get; private set; } = null!;

    public SignedInUser Bob { get; private set; } = null!;

    public ApiClient As(SignedInUser user) => new(Users, user.AccessToken);

    public ApiClient Anonymous() => new(Users);

    public ValueTask InitializeAsync() => StartAsync(TestContext.Current.CancellationToken);

    protected override async Task SetUpAsync(BackendApp app, CancellationToken ct)
    {
        Admin = await TestAccounts.SignInAdminAsync(Identity, ct: ct);
        Alice = await TestAccounts.RegisterAsync(Identity, "Alice Liddell", ct: ct);
        Bob = await TestAccounts.RegisterAsync(Identity, "Bob Dylan", ct: ct);
    }

    /// <summary>A second Users.Service instance (in this process) on the same PostgreSQL, Redis and RabbitMQ: another replica.</summary>
    public async Task<ApiClient> SecondInstanceAsync(SignedInUser user)
    {
        _second ??= await App.NewInstanceAsync<global::Users.Service.Users.UserProfiles>("users", cancellationToken: TestContext.Current.CancellationToken);
        return _second.ApiClient(user.AccessToken);
    }

    protected override async ValueTask TearDownAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }
}
