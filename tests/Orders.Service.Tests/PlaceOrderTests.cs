using System.Net;
using Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.Service.Tests;

public sealed class PlaceOrderTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Placing_an_order_is_201_with_location_etag_and_the_total_computed_by_the_server()
    {
        using var api = orders.As(orders.Alice);

        using var response = await api.PostAsync("/api/v1/orders", OrdersFixture.Items(("BOOK-1", "A book", 2, 12.50m), ("PEN-9", "A pen 🖋", 3, 1.99m)), ct: Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await ApiClient.ReadJsonAsync(response, Ct);
        Assert.Equal(30.97m, order.GetProperty("total").GetDecimal());
        Assert.Equal(orders.Alice.Id.ToString(), order.GetProperty("user_id").GetString());
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.Equal("EUR", order.GetProperty("currency").GetString());
        Assert.True(order.GetProperty("number").GetInt64() > 0);
        Assert.Equal(25.00m, order.GetProperty("items")[0].GetProperty("line_total").GetDecimal());
        Assert.Equal($"/api/v1/orders/{order.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory]
    [InlineData("""{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":1}],"total":0.01}""", "total")]
    [InlineData("""{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":1}],"user_id":"00000000-0000-0000-0000-000000000001"}""", "user_id")]
    [InlineData("""{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":1}],"status":"shipped"}""", "status")]
    public async Task Fields_the_server_decides_are_refused(string body, string field)
    {
        using var api = orders.As(orders.Alice);

        using var response = await api.SendAsync(HttpMethod.Post, "/api/v1/orders", body, ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidOrders => new()
    {
        { """{"items":[]}""", "items" },
        { """{}""", "items" },
        { """{"items":[{"sku":"A","name":"A","quantity":0,"unit_price":1}]}""", "items[0].quantity" },
        { """{"items":[{"sku":"A","name":"A","quantity":1001,"unit_price":1}]}""", "items[0].quantity" },
        { """{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":0}]}""", "items[0].unit_price" },
        { """{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":-5}]}""", "items[0].unit_price" },
        { """{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":1.001}]}""", "items[0].unit_price" },
        { """{"items":[{"sku":"A","name":"A","quantity":1000,"unit_price":99999999.99}]}""", "items" },
        { """{"items":[{"sku":"no spaces","name":"A","quantity":1,"unit_price":1}]}""", "items[0].sku" },
        { """{"items":[{"sku":"A","name":"","quantity":1,"unit_price":1}]}""", "items[0].name" },
        { """{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":1},{"sku":"A","name":"B","quantity":1,"unit_price":1}]}""", "items" },
        { """{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":1}],"currency":"XXX"}""", "currency" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task Invalid_orders_are_400_naming_the_field(string body, string field)
    {
        using var api = orders.As(orders.Alice);

        using var response = await api.SendAsync(HttpMethod.Post, "/api/v1/orders", body, ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_hundred_and_one_items_are_refused_and_a_hundred_accepted()
    {
        using var api = orders.As(orders.Alice);
        object Lines(int n) => OrdersFixture.Items([.. Enumerable.Range(0, n).Select(i => ($"SKU-{i}", $"Item {i}", 1, 1.00m))]);

        using var tooMany = await api.PostAsync("/api/v1/orders", Lines(101), ct: Ct);
        using var hundred = await api.PostAsync("/api/v1/orders", Lines(100), ct: Ct);

        await ProblemAssert.IsProblemAsync(tooMany, HttpStatusCode.BadRequest, Ct);
        Assert.Equal(HttpStatusCode.Created, hundred.StatusCode);
    }

    [Theory]
    [InlineData("""{"items":[{"sku":"A","name":"A","quantity":1,"unit_price":1e400}]}""")]
    [InlineData("""{"items":[{"sku":"A","name":"A","quantity":99999999999999999999,"unit_price":1}]}""")]
    [InlineData("""{"items":[{"sku":"A","name":"A","quantity":"1","unit_price":1}]}""")]
    [InlineData("""{"items":{"sku":"A"}}""")]
    public async Task Numbers_that_do_not_fit_and_wrong_types_are_400(string body)
    {
        using var api = orders.As(orders.Alice);

        using var response = await api.SendAsync(HttpMethod.Post, "/api/v1/orders", body, ct: Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
    }

    [Fact]
    public async Task A_retried_post_with_an_idempotency_key_creates_one_order()
    {
        using var api = orders.As(orders.Bob);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var body = OrdersFixture.Items(("RETRY-1", "Once only", 1, 9.99m));

        var first = await OrdersFixture.PlaceAsync(api, body, key);
        var retried = await OrdersFixture.PlaceAsync(api, body, key);

        Assert.Equal(first.GetProperty("id").GetString(), retried.GetProperty("id").GetString());
        using var list = await api.GetAsync("/api/v1/orders?limit=100", ct: Ct);
        var ids = (await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString());
        Assert.Single(ids, id => id == first.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_service_token_cannot_place_orders()
    {
        var serviceSecret = await orders.App.App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>()
            .Resources.OfType<Aspire.Hosting.ApplicationModel.ParameterResource>().Single(p => p.Name == "service-client-secret").GetValueAsync(Ct);
        using var oidc = new OidcClient(orders.Identity);
        var tokens = await oidc.ClientCredentialsAsync("service", serviceSecret!, "orders.read", Ct);
        using var api = new ApiClient(orders.Orders, tokens.AccessToken);

        using var place = await api.PostAsync("/api/v1/orders", OrdersFixture.Items(("A", "A", 1, 1m)), ct: Ct);
        using var list = await api.GetAsync("/api/v1/orders", ct: Ct);

        await ProblemAssert.IsProblemAsync(place, HttpStatusCode.Forbidden, Ct); // no orders.write scope
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").GetArrayLength()); // a service has no orders of its own
    }
}
