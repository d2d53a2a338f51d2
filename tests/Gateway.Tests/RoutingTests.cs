using System.Net;
using Backend.Testing;

namespace Gateway.Tests;

public sealed class RoutingTests(GatewayFixture gateway)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_route_reaches_its_service()
    {
        using var api = new ApiClient(gateway.Gateway, gateway.Customer.AccessToken);

        using var users = await api.GetAsync("/api/v1/users/me", ct: Ct);
        using var discovery = await api.GetAsync("/.well-known/openid-configuration", ct: Ct);
        using var login = await api.GetAsync("/account/login", ct: Ct);
        using var usersDocument = await api.GetAsync("/openapi/users.json", ct: Ct);

        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Equal(gateway.Customer.Email, (await ApiClient.ReadJsonAsync(users, Ct)).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("<form", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("Users API", (await ApiClient.ReadJsonAsync(usersDocument, Ct)).GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Anyone_reads_the_catalog_through_the_gateway_without_signing_in()
    {
        using var anonymous = new ApiClient(gateway.Gateway);

        using var list = await anonymous.GetAsync("/api/v1/products?limit=5", ct: Ct);
        using var unknown = await anonymous.GetAsync("/api/v1/products/NO-SUCH-SKU", ct: Ct);
        using var write = await anonymous.PostAsync("/api/v1/products", new { sku = "ANON-1", name = "Nope", unit_price = 1m, stock = 1 }, ct: Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.True(list.Headers.CacheControl?.Public);
        Assert.NotNull(list.Headers.ETag);
        Assert.True((await ApiClient.ReadJsonAsync(list, Ct)).TryGetProperty("data", out _));
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(write, HttpStatusCode.Unauthorized, Ct);
    }

    [Fact]
    public async Task Through_the_gateway_the_identity_service_names_the_gateway_everywhere()
    {
        using var api = new ApiClient(gateway.Gateway);

        using var response = await api.GetAsync("/.well-known/openid-configuration", ct: Ct);

        var discovery = await ApiClient.ReadJsonAsync(response, Ct);
        Assert.Equal(gateway.Gateway.AbsoluteUri, discovery.GetProperty("issuer").GetString());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint" })
        {
            Assert.StartsWith(gateway.Gateway.AbsoluteUri, discovery.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem_with_a_trace_id()
    {
        using var api = new ApiClient(gateway.Gateway);

        using var response = await api.GetAsync("/api/v2/nothing-here", ct: Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, Ct);
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task The_api_documentation_lists_every_service()
    {
        using var api = new ApiClient(gateway.Gateway);

        using var docs = await api.GetAsync("/docs/", ct: Ct);

        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        var page = await docs.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"url\":\"openapi/users.json\"", page, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/orders.json\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_api_documents_are_not_enabled_neither_docs_nor_the_documents_are_served()
    {
        await using var edge = await gateway.NewGatewayAsync(new() { ["ApiDocuments:Enabled"] = "false" });
        using var http = edge.CreateClient();

        using var docs = await http.GetAsync(new Uri("/docs/", UriKind.Relative), Ct);
        using var document = await http.GetAsync(new Uri("/openapi/users.json", UriKind.Relative), Ct);
        using var api = await http.GetAsync(new Uri("/api/v1/products?limit=1", UriKind.Relative), Ct);

        await ProblemAssert.IsProblemAsync(docs, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(document, HttpStatusCode.NotFound, Ct); // although Users.Service behind it serves it
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_each_downstream_service()
    {
        using var api = new ApiClient(gateway.Gateway);

        using var response = await api.GetAsync("/health/ready", ct: Ct);

        var report = await ApiClient.ReadJsonAsync(response, Ct);
        foreach (var service in new[] { "identity", "users", "orders" })
        {
            Assert.Equal("Healthy", report.GetProperty("checks").GetProperty(service).GetProperty("status").GetString());
        }
    }
}
