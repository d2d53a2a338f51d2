using System.Net;
using System.Text.Json;
using Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Service.Data;

[assembly: AssemblyFixture(typeof(Orders.Service.Tests.OrdersFixture))]

namespace Orders.Service.Tests;

/// <summary>The real system (AppHost, process mode) with a signed-in admin and two customers.</summary>
public sealed class OrdersFixture : IAsyncLifetime
{
    private BackendApp? _app;

    public BackendApp App => _app ?? throw new InvalidOperationException("Not started.");

    public Uri Orders => App.Endpoint("orders", "http");

    public Uri Identity => App.Endpoint("identity", "http");

    public Uri Gateway => App.Endpoint("gateway", "http");

    public SignedInUser Admin { get; private set; } = null!;

    public SignedInUser Alice { get; private set; } = null!;

    public SignedInUser Bob { get; private set; } = null!;

    public ApiClient As(SignedInUser user) => new(Orders, user.AccessToken);

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _app = await BackendApp.StartAsync(cancellationToken: ct);
        Admin = await TestAccounts.SignInAdminAsync(Identity, ct: ct);
        Alice = await TestAccounts.RegisterAsync(Identity, "Alice Orders", ct: ct);
        Bob = await TestAccounts.RegisterAsync(Identity, "Bob Orders", ct: ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public async Task<string> ConnectionStringAsync(string name) =>
        await App.ConnectionStringAsync(name) ?? throw new InvalidOperationException($"No {name} connection string.");

    public async Task<OrdersDb> DatabaseAsync() =>
        new(new DbContextOptionsBuilder<OrdersDb>().UseNpgsql(await ConnectionStringAsync("ordersdb")).UseSnakeCaseNamingConvention().Options);

    /// <summary>
    /// A second Orders.Service instance in this process on the same PostgreSQL, Redis and RabbitMQ (a second
    /// replica), optionally with extra services (e.g. a fault-injecting interceptor).
    /// </summary>
    public async Task<WebApplicationFactory<global::Orders.Service.Orders.OrderBook>> SecondInstanceAsync(Action<IServiceCollection>? services = null) =>
        new SecondInstance(await ConnectionStringAsync("ordersdb"), await ConnectionStringAsync("cache"), await ConnectionStringAsync("messaging"),
            Gateway.AbsoluteUri, Identity.AbsoluteUri, services);

    /// <summary>Places an order for <paramref name="user"/>; returns the created order.</summary>
    public static async Task<JsonElement> PlaceAsync(ApiClient api, object body, (string, string)? header = null)
    {
        using var response = await api.PostAsync("/api/v1/orders", body, header, TestContext.Current.CancellationToken);
        var json = await ApiClient.ReadJsonAsync(response, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json;
    }

    public static object Items(params (string Sku, string Name, int Quantity, decimal UnitPrice)[] lines) =>
        new { items = lines.Select(l => new { sku = l.Sku, name = l.Name, quantity = l.Quantity, unit_price = l.UnitPrice }).ToArray() };

    private sealed class SecondInstance(string ordersDb, string cache, string messaging, string issuer, string authority, Action<IServiceCollection>? services)
        : WebApplicationFactory<global::Orders.Service.Orders.OrderBook>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development")
                .UseSetting("ConnectionStrings:ordersdb", ordersDb)
                .UseSetting("ConnectionStrings:cache", cache)
                .UseSetting("ConnectionStrings:messaging", messaging)
                .UseSetting("Identity:Issuer", issuer)
                .UseSetting("Identity:Authority", authority);
            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        }
    }
}
