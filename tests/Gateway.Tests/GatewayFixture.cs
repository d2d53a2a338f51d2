using Backend.Testing;

[assembly: AssemblyFixture(typeof(Gateway.Tests.GatewayFixture))]

namespace Gateway.Tests;

/// <summary>
/// The real AppHost (process mode) with the gateway and what it fronts: Identity.Service, Users.Service and
/// Orders.Service with their databases, Redis and RabbitMQ. No worker or smtp4dev. Tests reach the services
/// through the gateway only.
/// </summary>
public sealed class GatewayFixture : BackendFixture, IAsyncLifetime
{
    protected override BackendAppOptions Options => new() { Only = ["gateway"] };

    public Uri Gateway => App.Endpoint("gateway", "http");

    public Uri Identity => App.Endpoint("identity", "http");

    public SignedInUser Customer { get; private set; } = null!;

    public ValueTask InitializeAsync() => StartAsync(TestContext.Current.CancellationToken);

    protected override async Task SetUpAsync(BackendApp app, CancellationToken ct) =>
        Customer = await TestAccounts.RegisterAsync(Gateway, "Gateway Tester", ct: ct);

    /// <summary>
    /// Another gateway, in this process, configured as the AppHost configures the real one, with settings of the test's
    /// choosing on top (low rate limits, a route to a test downstream: <c>services:users:h2c:0</c>, as the gateway
    /// reaches services over cleartext HTTP/2). It validates tokens against the real Identity.Service.
    /// </summary>
    public Task<ServiceInstance<global::Gateway.Protection.EdgeOptions>> NewGatewayAsync(Dictionary<string, string?> settings,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        App.NewInstanceAsync<global::Gateway.Protection.EdgeOptions>("gateway", settings, services, TestContext.Current.CancellationToken);
}
