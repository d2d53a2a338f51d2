using System.Net;
using Backend.Testing;

namespace Orders.Service.Tests;

/// <summary>Real answers of the orders and catalog APIs, each checked against the committed API document clients are generated from.</summary>
public sealed class DocumentedResponsesTests(OrdersFixture orders)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_answer_of_the_orders_api_is_one_its_document_lists()
    {
        var document = ApiDocument.Load("orders");
        using var admin = orders.As(orders.Admin);
        using var alice = orders.As(orders.Alice);
        using var anonymous = new ApiClient(orders.Orders);
        var sku = await Shop.AddProductAsync(admin, "DOC", "Documented kettle", 20m, stock: 1, ct: Ct);
        using var placed = await alice.PlaceOrderAsync(Shop.Order((sku, 1)), ct: Ct);
        var order = await ApiClient.ReadJsonAsync(placed, Ct);
        var path = $"/api/v1/orders/{order.GetProperty("id").GetString()}";
        using var read = await alice.GetAsync(path, ct: Ct);
        var etag = read.Headers.ETag!.ToString();
        using var product = await anonymous.GetAsync($"/api/v1/products/{sku}", ct: Ct);

        (HttpMethod, string, HttpStatusCode, HttpResponseMessage)[] answers =
        [
            (HttpMethod.Post, "/api/v1/orders", HttpStatusCode.Created, placed),
            (HttpMethod.Post, "/api/v1/orders", HttpStatusCode.Conflict, await alice.PlaceOrderAsync(Shop.Order((sku, 1)), ct: Ct)), // out of stock
            (HttpMethod.Post, "/api/v1/orders", HttpStatusCode.PreconditionRequired, await alice.PostAsync("/api/v1/orders", Shop.Order((sku, 1)), ct: Ct)),
            (HttpMethod.Get, "/api/v1/orders/{id}", HttpStatusCode.OK, read),
            (HttpMethod.Get, "/api/v1/orders/{id}", HttpStatusCode.NotModified, await alice.GetAsync(path, ("If-None-Match", etag), Ct)),
            (HttpMethod.Get, "/api/v1/orders/{id}", HttpStatusCode.NotFound, await alice.GetAsync($"/api/v1/orders/{Guid.NewGuid()}", ct: Ct)),
            (HttpMethod.Post, "/api/v1/orders/{id}/confirm", HttpStatusCode.Forbidden, await alice.PostAsync($"{path}/confirm", new { }, ct: Ct)),
            (HttpMethod.Post, "/api/v1/orders/{id}/confirm", HttpStatusCode.OK, await admin.PostAsync($"{path}/confirm", new { }, ("If-Match", etag), Ct)),
            (HttpMethod.Post, "/api/v1/orders/{id}/cancel", HttpStatusCode.PreconditionFailed, await alice.PostAsync($"{path}/cancel", new { }, ("If-Match", etag), Ct)),
            (HttpMethod.Get, "/api/v1/products/{sku}", HttpStatusCode.OK, product),
            (HttpMethod.Get, "/api/v1/products/{sku}", HttpStatusCode.NotModified,
                await anonymous.GetAsync($"/api/v1/products/{sku}", ("If-None-Match", product.Headers.ETag!.ToString()), Ct)),
            (HttpMethod.Get, "/api/v1/reports/top-customers", HttpStatusCode.Forbidden, await alice.GetAsync("/api/v1/reports/top-customers", ct: Ct)),
        ];

        foreach (var (method, template, expected, response) in answers)
        {
            using (response)
            {
                Assert.True(expected == response.StatusCode, $"{method} {template}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                await document.AssertDocumentsAsync(method, template, response, Ct);
            }
        }
    }
}
