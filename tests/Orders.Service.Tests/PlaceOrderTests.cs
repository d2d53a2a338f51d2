using System.Net;
using System.Text.Json;
using Backend.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.Service.Tests;

public sealed class PlaceOrderTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> ProductAsync(string prefix, string name, decimal price, int stock = 10_000)
    {
        using var admin = orders.As(orders.Admin);
        return await Shop.AddProductAsync(admin, prefix, name, price, stock, Ct);
    }

    /// <summary>Alice posts <paramref name="body"/> as written, with an Idempotency-Key.</summary>
    private async Task<HttpResponseMessage> PostRawOrderAsync(string body)
    {
        using var api = orders.As(orders.Alice);
        return await api.SendAsync(HttpMethod.Post, "/api/v1/orders", body, headers: [("Idempotency-Key", Guid.NewGuid().ToString())], ct: Ct);
    }

    private async Task<JsonElement> ReadProductAsync(string sku)
    {
        using var admin = orders.As(orders.Admin);
        using var response = await admin.GetAsync($"/api/v1/products/{sku}", ct: Ct);
        return await ApiClient.ReadJsonAsync(response, Ct);
    }

    [Fact]
    public async Task An_order_is_priced_from_the_catalog_201_with_location_etag_and_the_total_the_server_computed()
    {
        var book = await ProductAsync("BOOK", "A book", 12.50m);
        var pen = await ProductAsync("PEN", "A pen 🖋", 1.99m);
        using var api = orders.As(orders.Alice);

        using var response = await api.PlaceOrderAsync(Shop.Order((book, 2), (pen, 3)), ct: Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await ApiClient.ReadJsonAsync(response, Ct);
        Assert.Equal(30.97m, order.GetProperty("total").GetDecimal());
        Assert.Equal(orders.Alice.Id.ToString(), order.GetProperty("user_id").GetString());
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.Equal("EUR", order.GetProperty("currency").GetString());
        Assert.True(order.GetProperty("number").GetInt64() > 0);
        var first = order.GetProperty("items")[0];
        Assert.Equal((book, "A book", 12.50m, 25.00m), (first.GetProperty("sku").GetString(), first.GetProperty("name").GetString(),
            first.GetProperty("unit_price").GetDecimal(), first.GetProperty("line_total").GetDecimal()));
        Assert.Equal("A pen 🖋", order.GetProperty("items")[1].GetProperty("name").GetString());
        Assert.Equal($"/api/v1/orders/{order.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(9_998, (await ReadProductAsync(book)).GetProperty("stock").GetInt32());
        Assert.Equal(9_997, (await ReadProductAsync(pen)).GetProperty("stock").GetInt32());
    }

    [Theory]
    [InlineData("""{"items":[{"sku":"A","quantity":1,"unit_price":0.01}]}""", "unit_price")]
    [InlineData("""{"items":[{"sku":"A","quantity":1,"name":"Cheap"}]}""", "name")]
    [InlineData("""{"items":[{"sku":"A","quantity":1}],"currency":"USD"}""", "currency")]
    [InlineData("""{"items":[{"sku":"A","quantity":1}],"total":0.01}""", "total")]
    [InlineData("""{"items":[{"sku":"A","quantity":1}],"user_id":"00000000-0000-0000-0000-000000000001"}""", "user_id")]
    [InlineData("""{"items":[{"sku":"A","quantity":1}],"status":"shipped"}""", "status")]
    public async Task Prices_names_currency_and_fields_the_server_decides_are_refused(string body, string field)
    {
        using var response = await PostRawOrderAsync(body);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidOrders => new()
    {
        { """{"items":[]}""", "items" },
        { """{}""", "items" },
        { """{"items":[null]}""", "items[0]" },
        { """{"items":[{"sku":"A","quantity":0}]}""", "items[0].quantity" },
        { """{"items":[{"sku":"A","quantity":1001}]}""", "items[0].quantity" },
        { """{"items":[{"sku":"A"}]}""", "items[0].quantity" },
        { """{"items":[{"sku":"no spaces","quantity":1}]}""", "items[0].sku" },
        { """{"items":[{"quantity":1}]}""", "items[0].sku" },
        { """{"items":[{"sku":"A","quantity":1},{"sku":"B","quantity":1},{"sku":"A","quantity":2}]}""", "items[2].sku" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task Invalid_orders_are_400_naming_the_line_and_field(string body, string field)
    {
        using var response = await PostRawOrderAsync(body);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Without_an_idempotency_key_an_order_is_428_and_nothing_is_placed()
    {
        var sku = await ProductAsync("NOKEY", "Needs a key", 3m, stock: 5);
        using var api = orders.As(orders.Bob);

        using var response = await api.PostAsync("/api/v1/orders", Shop.Order((sku, 1)), ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)428, Ct);
        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, (await ReadProductAsync(sku)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task Items_not_on_sale_are_409_naming_each_line_and_nothing_is_reserved()
    {
        var onSale = await ProductAsync("ONSALE", "On sale", 2m, stock: 5);
        var inactive = await ProductAsync("GONE", "Withdrawn", 2m, stock: 5);
        using var admin = orders.As(orders.Admin);
        using (var deactivated = await admin.PostAsync($"/api/v1/products/{inactive}/deactivate", new { }, ct: Ct))
        {
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        }

        using var api = orders.As(orders.Alice);
        using var response = await api.PlaceOrderAsync(Shop.Order((onSale, 1), ("NEVER-SOLD-HERE", 1), (inactive, 1)), ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, Ct);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["items[1].sku", "items[2].sku"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("NEVER-SOLD-HERE", errors.GetProperty("items[1].sku")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(5, (await ReadProductAsync(onSale)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task A_quantity_above_stock_is_409_naming_the_line_and_nothing_is_reserved()
    {
        var plenty = await ProductAsync("PLENTY", "Plenty", 1m, stock: 50);
        var scarce = await ProductAsync("SCARCE", "Scarce", 1m, stock: 3);
        using var api = orders.As(orders.Alice);

        using var response = await api.PlaceOrderAsync(Shop.Order((plenty, 10), (scarce, 4)), ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, Ct);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal("items[1].quantity", error.Name);
        Assert.Contains("Only 3", error.Value[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(50, (await ReadProductAsync(plenty)).GetProperty("stock").GetInt32());
        Assert.Equal(3, (await ReadProductAsync(scarce)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task A_later_price_change_does_not_touch_placed_orders()
    {
        var sku = await ProductAsync("REPRICE", "Repriced", 10m);
        using var api = orders.As(orders.Alice);
        var order = await OrdersFixture.PlaceAsync(api, Shop.Order((sku, 2)));

        using var admin = orders.As(orders.Admin);
        using (var repriced = await admin.SendAsync(HttpMethod.Patch, $"/api/v1/products/{sku}", """{"unit_price": 99.99, "name": "Renamed"}""",
            "application/merge-patch+json", ct: Ct))
        {
            Assert.Equal(HttpStatusCode.OK, repriced.StatusCode);
        }

        using var read = await api.GetAsync($"/api/v1/orders/{order.GetProperty("id").GetString()}", ct: Ct);
        var reread = await ApiClient.ReadJsonAsync(read, Ct);
        Assert.Equal(20m, reread.GetProperty("total").GetDecimal());
        Assert.Equal(("Repriced", 10m), (reread.GetProperty("items")[0].GetProperty("name").GetString(), reread.GetProperty("items")[0].GetProperty("unit_price").GetDecimal()));
    }

    [Fact]
    public async Task Cancelling_an_order_returns_its_stock()
    {
        var sku = await ProductAsync("RETURN", "Returned", 4m, stock: 10);
        using var api = orders.As(orders.Bob);
        var order = await OrdersFixture.PlaceAsync(api, Shop.Order((sku, 7)));
        Assert.Equal(3, (await ReadProductAsync(sku)).GetProperty("stock").GetInt32());

        using var cancel = await api.PostAsync($"/api/v1/orders/{order.GetProperty("id").GetString()}/cancel", new { }, ct: Ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(10, (await ReadProductAsync(sku)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task Fifty_concurrent_orders_for_ten_in_stock_place_exactly_ten_and_the_rest_get_a_clear_409()
    {
        var sku = await ProductAsync("RUSH", "Limited edition", 25m, stock: 10);
        using var alice = orders.As(orders.Alice);
        using var bob = orders.As(orders.Bob);
        using var start = new SemaphoreSlim(0);

        var attempts = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.WaitAsync(Ct);
            using var response = await (i % 2 == 0 ? alice : bob).PlaceOrderAsync(Shop.Order((sku, 1)), ct: Ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }).ToList();
        start.Release(50);
        var results = await Task.WhenAll(attempts);

        Assert.Equal(10, results.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Contains("out of stock", r.Body, StringComparison.Ordinal);
        });
        Assert.Equal(0, (await ReadProductAsync(sku)).GetProperty("stock").GetInt32());
        await using var db = await orders.DatabaseAsync();
        Assert.Equal(10, await db.Orders.CountAsync(o => o.Items.Any(i => i.Sku == sku), Ct));
    }

    [Fact]
    public async Task A_hundred_and_one_items_are_refused_and_a_hundred_accepted()
    {
        var sku = await ProductAsync("MANY", "Many", 1m);
        using var api = orders.As(orders.Alice);
        object Lines(int n) => Shop.Order([.. Enumerable.Range(0, n).Select(i => (i == 0 ? sku : $"{sku}-{i}", 1))]);
        using var admin = orders.As(orders.Admin);
        for (var i = 1; i < 100; i++)
        {
            using var created = await admin.PostAsync("/api/v1/products", new { sku = $"{sku}-{i}", name = $"Item {i}", unit_price = 1.00m, stock = 1 },
                ("Idempotency-Key", Guid.NewGuid().ToString()), Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var tooMany = await api.PlaceOrderAsync(Lines(101), ct: Ct);
        using var hundred = await api.PlaceOrderAsync(Lines(100), ct: Ct);

        await ProblemAssert.IsProblemAsync(tooMany, HttpStatusCode.BadRequest, Ct);
        Assert.Equal(HttpStatusCode.Created, hundred.StatusCode);
        Assert.Equal(100m, (await ApiClient.ReadJsonAsync(hundred, Ct)).GetProperty("total").GetDecimal());
    }

    [Theory]
    [InlineData("""{"items":[{"sku":"A","quantity":1e400}]}""")]
    [InlineData("""{"items":[{"sku":"A","quantity":99999999999999999999}]}""")]
    [InlineData("""{"items":[{"sku":"A","quantity":"1"}]}""")]
    [InlineData("""{"items":[{"sku":"A","quantity":1.5}]}""")]
    [InlineData("""{"items":{"sku":"A"}}""")]
    public async Task Numbers_that_do_not_fit_and_wrong_types_are_400(string body)
    {
        using var response = await PostRawOrderAsync(body);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, Ct);
    }

    [Fact]
    public async Task A_retried_post_with_an_idempotency_key_creates_one_order_and_takes_stock_once()
    {
        var sku = await ProductAsync("RETRY", "Once only", 9.99m, stock: 5);
        using var api = orders.As(orders.Bob);
        var key = Guid.NewGuid().ToString();

        var first = await OrdersFixture.PlaceAsync(api, Shop.Order((sku, 2)), key);
        var retried = await OrdersFixture.PlaceAsync(api, Shop.Order((sku, 2)), key);

        Assert.Equal(first.GetProperty("id").GetString(), retried.GetProperty("id").GetString());
        using var list = await api.GetAsync("/api/v1/orders?limit=100", ct: Ct);
        var ids = (await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString());
        Assert.Single(ids, id => id == first.GetProperty("id").GetString());
        Assert.Equal(3, (await ReadProductAsync(sku)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task A_service_token_cannot_place_orders()
    {
        var serviceSecret = await orders.App.App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>()
            .Resources.OfType<Aspire.Hosting.ApplicationModel.ParameterResource>().Single(p => p.Name == "service-client-secret").GetValueAsync(Ct);
        using var oidc = new OidcClient(orders.Identity);
        var tokens = await oidc.ClientCredentialsAsync("service", serviceSecret!, "orders.read", Ct);
        using var api = new ApiClient(orders.Orders, tokens.AccessToken);

        using var place = await api.PlaceOrderAsync(Shop.Order(("A", 1)), ct: Ct);
        using var list = await api.GetAsync("/api/v1/orders", ct: Ct);

        await ProblemAssert.IsProblemAsync(place, HttpStatusCode.Forbidden, Ct); // no orders.write scope
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").GetArrayLength()); // a service has no orders of its own
    }
}
