using System.Net;
using Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Orders.Service.Tests;

/// <summary>
/// One customer cannot take the shop's stock or its email capacity: a cap on orders a minute and on pending orders,
/// each a 429 problem with Retry-After. Tested on a second instance configured with small limits (and, for the minute,
/// a clock the test moves), sharing the database with the first: the counts live in PostgreSQL, not in an instance.
/// </summary>
public sealed class OrderLimitTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Over_the_orders_a_minute_cap_an_order_is_429_with_retry_after_and_the_same_request_succeeds_once_the_minute_is_over()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var instance = await orders.SecondInstanceAsync(services => services.AddSingleton<TimeProvider>(clock),
            new Dictionary<string, string?> { ["Orders:Limits:MaxOrdersPerMinute"] = "3" });
        var customer = await orders.RegisterCustomerAsync("Quick Orderer");
        using var api = instance.ApiClient(customer.AccessToken);
        using var admin = orders.As(orders.Admin);
        var sku = await Shop.AddProductAsync(admin, "MINUTE", "Popular", 5m, stock: 100, ct: Ct);
        for (var i = 0; i < 3; i++)
        {
            await api.PlaceAcceptedOrderAsync(Shop.Order((sku, 1)), ct: Ct);
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        var key = Guid.NewGuid().ToString();
        using var refused = await api.PlaceOrderAsync(Shop.Order((sku, 1)), key, Ct);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, Ct);
        Assert.Contains("3 orders a minute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta); // the window opened 30 s ago
        Assert.Equal(97, await StockAsync(admin, sku)); // the refused order took nothing

        clock.Advance(TimeSpan.FromSeconds(30));
        using var retried = await api.PlaceOrderAsync(Shop.Order((sku, 1)), key, Ct);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode); // the 429 was not kept as the key's answer
    }

    [Fact]
    public async Task Over_the_pending_orders_cap_an_order_is_429_until_one_is_cancelled_or_confirmed()
    {
        await using var instance = await orders.SecondInstanceAsync(settings: new Dictionary<string, string?>
        {
            ["Orders:Limits:MaxPendingOrders"] = "2",
            ["Orders:Limits:PendingRetryAfter"] = "00:02:00",
        });
        var customer = await orders.RegisterCustomerAsync("Patient Orderer");
        using var api = instance.ApiClient(customer.AccessToken);
        using var admin = orders.As(orders.Admin);
        var sku = await Shop.AddProductAsync(admin, "PENDING", "Awaited", 5m, stock: 100, ct: Ct);
        var first = await api.PlaceAcceptedOrderAsync(Shop.Order((sku, 1)), ct: Ct);
        var second = await api.PlaceAcceptedOrderAsync(Shop.Order((sku, 1)), ct: Ct);

        using (var third = await api.PlaceOrderAsync(Shop.Order((sku, 1)), ct: Ct))
        {
            var problem = await ProblemAssert.IsProblemAsync(third, HttpStatusCode.TooManyRequests, Ct);
            Assert.Contains("pending", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromMinutes(2), third.Headers.RetryAfter?.Delta);
        }

        using (var cancel = await api.PostAsync($"/api/v1/orders/{first.GetProperty("id").GetString()}/cancel", new { }, ct: Ct))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        await api.PlaceAcceptedOrderAsync(Shop.Order((sku, 1)), ct: Ct);
        using (var again = await api.PlaceOrderAsync(Shop.Order((sku, 1)), ct: Ct))
        {
            await ProblemAssert.IsProblemAsync(again, HttpStatusCode.TooManyRequests, Ct);
        }

        using (var confirm = await admin.PostAsync($"/api/v1/orders/{second.GetProperty("id").GetString()}/confirm", new { }, ct: Ct))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        await api.PlaceAcceptedOrderAsync(Shop.Order((sku, 1)), ct: Ct);
    }

    private static async Task<int> StockAsync(ApiClient admin, string sku)
    {
        using var response = await admin.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        return (await ApiClient.ReadJsonAsync(response, Ct)).GetProperty("stock").GetInt32();
    }
}
