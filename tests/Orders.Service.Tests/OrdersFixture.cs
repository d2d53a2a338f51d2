using System.Net;
using System.Text.Json;
using Backend.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Service.Data;

[assembly: AssemblyFixture(typeof(Orders.Service.Tests.OrdersFixture))]

namespace Orders.Service.Tests;

/// <summary>
/// The real AppHost (process mode) with Orders.Service and what it needs: PostgreSQL (ordersdb), RabbitMQ,
/// Identity.Service to sign people in, and Users.Service, whose profile events Orders.Service follows (a rename
/// reaches the report), and the worker with smtp4dev, which consume Orders' events (an event no queue takes stays in
/// the outbox, so the tests of delivery need their consumer; the worker also sends the verification emails that
/// customers follow before they may order). No gateway (tokens name the stand-in public URL). A signed-in admin and
/// two verified customers.
/// </summary>
public sealed class OrdersFixture : BackendFixture, IAsyncLifetime
{
    // Many tests place orders for the same few customers in quick succession: the limits on orders per customer
    // are set out of their way here and tested on their own, on an instance with small limits (OrderLimitTests).
    private static readonly Dictionary<string, string> LimitsOutOfTheWay = new()
    {
        ["Orders:Limits:MaxPendingOrders"] = "100000",
        ["Orders:Limits:MaxOrdersPerMinute"] = "100000",
    };

    protected override BackendAppOptions Options => new()
    {
        Only = ["orders", "identity", "users", "notifications", "mail"],
        ExtraArguments = [.. LimitsOutOfTheWay.Select(s => $"--Services:orders:{s.Key}={s.Value}")],
    };

    public Uri Orders => App.Endpoint("orders", "http");

    public Uri Identity => App.Endpoint("identity", "http");

    public Uri Users => App.Endpoint("users", "http");

    public SignedInUser Admin { get; private set; } = null!;

    public SignedInUser Alice { get; private set; } = null!;

    public SignedInUser Bob { get; private set; } = null!;

    /// <summary>The emails the SMTP catcher received.</summary>
    public Mailbox Mailbox => _mailbox ??= Mailbox.Of(App);

    private Mailbox? _mailbox;

    public ApiClient As(SignedInUser user) => new(Orders, user.AccessToken);

    public ValueTask InitializeAsync() => StartAsync(TestContext.Current.CancellationToken);

    protected override async Task SetUpAsync(BackendApp app, CancellationToken ct)
    {
        Admin = await TestAccounts.SignInAdminAsync(Identity, ct: ct);
        Alice = await TestAccounts.RegisterVerifiedAsync(Identity, Mailbox, "Alice Orders", ct: ct);
        Bob = await TestAccounts.RegisterVerifiedAsync(Identity, Mailbox, "Bob Orders", ct: ct);
    }

    protected override ValueTask TearDownAsync()
    {
        _mailbox?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A new customer who may order: registered, the emailed verification link followed, signed in.</summary>
    public Task<SignedInUser> RegisterCustomerAsync(string name) =>
        TestAccounts.RegisterVerifiedAsync(Identity, Mailbox, name, ct: TestContext.Current.CancellationToken);

    public async Task<string> ConnectionStringAsync(string name) =>
        await App.ConnectionStringAsync(name) ?? throw new InvalidOperationException($"No {name} connection string.");

    public async Task<OrdersDb> DatabaseAsync() =>
        new(new DbContextOptionsBuilder<OrdersDb>().UseNpgsql(await ConnectionStringAsync("ordersdb")).UseSnakeCaseNamingConvention().Options);

    /// <summary>
    /// Waits until the OrderPlaced events of these orders are marked sent in the outbox: the relay published them (the
    /// broker confirmed) and will not again.
    /// </summary>
    public async Task WaitUntilPublishedAsync(IReadOnlyCollection<string> orderIds)
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(await ConnectionStringAsync("ordersdb"));
        var patterns = orderIds.Select(id => $"%{id}%").ToArray();
        await Eventually.TrueAsync(async () =>
        {
            await using var query = data.CreateCommand(
                $"SELECT count(*) FILTER (WHERE sent_at IS NOT NULL), count(*) FROM {ServiceDefaults.Outbox.OutboxModel.Table} WHERE payload::text LIKE ANY($1)");
            query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = patterns });
            await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            await reader.ReadAsync(TestContext.Current.CancellationToken);
            return reader.GetInt64(0) == reader.GetInt64(1) && reader.GetInt64(1) >= orderIds.Count;
        }, TimeSpan.FromSeconds(30), $"the outbox marks the events of {orderIds.Count} order(s) sent", TimeSpan.FromMilliseconds(200),
            TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A second Orders.Service instance in this process on the same PostgreSQL, Redis and RabbitMQ (a second
    /// replica), optionally with extra services (e.g. a fault-injecting interceptor).
    /// </summary>
    public Task<ServiceInstance<global::Orders.Service.Orders.OrderBook>> SecondInstanceAsync(Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = LimitsOutOfTheWay.ToDictionary(s => s.Key, s => (string?)s.Value);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return App.NewInstanceAsync<global::Orders.Service.Orders.OrderBook>("orders", all, services, TestContext.Current.CancellationToken);
    }

    /// <summary>Places an order (with a new Idempotency-Key unless <paramref name="idempotencyKey"/> is given); returns the created order.</summary>
    public static async Task<JsonElement> PlaceAsync(ApiClient api, object body, string? idempotencyKey = null)
    {
        using var response = await api.PlaceOrderAsync(body, idempotencyKey, TestContext.Current.CancellationToken);
        var json = await ApiClient.ReadJsonAsync(response, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json;
    }

    /// <summary>
    /// An order for these lines: the admin first adds each as a product of its own (the SKU given, made unique; the
    /// name and price given; plenty in stock), so that the server prices the order as the line says.
    /// </summary>
    public async Task<object> OrderOfAsync(params (string Sku, string Name, int Quantity, decimal UnitPrice)[] lines)
    {
        using var admin = As(Admin);
        var skus = new List<(string, int)>();
        foreach (var (sku, name, quantity, price) in lines)
        {
            skus.Add((await Shop.AddProductAsync(admin, sku, name, price, ct: TestContext.Current.CancellationToken), quantity));
        }

        return Shop.Order([.. skus]);
    }
}
