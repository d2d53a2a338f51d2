using System.Text.Json;
using Orders.Service.Catalog;
using Orders.Service.Orders;
using Orders.Service.Reports;
using Users.Service.Users;

namespace Unit.Tests.Contracts;

/// <summary>
/// The API documents describe what a client sends: path, query and header parameters by their wire names, and
/// nothing the server works out for itself (the caller, services). Client code is generated from them.
/// The endpoints are the services' own, mapped in-process; nothing is called.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private JsonElement _document;
    private JsonElement _paths;

    public async ValueTask InitializeAsync()
    {
        _document = await ServiceApiDocuments.BuildAsync("Test API", app =>
        {
            app.MapUsers();
            app.MapOrders();
            app.MapReports();
            app.MapCatalog();
        }, TestContext.Current.CancellationToken);
        _paths = _document.GetProperty("paths");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement paths) =>
        paths.EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(member => member.Name is "get" or "put" or "post" or "patch" or "delete")
            .Select(operation => (path.Name, operation.Name, operation.Value)));

    private static List<string> Parameters(JsonElement operation, string location) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? [.. parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location).Select(p => p.GetProperty("name").GetString()!)]
            : [];

    [Fact]
    public void Every_path_parameter_of_a_route_is_documented()
    {
        foreach (var (path, method, operation) in Operations(_paths))
        {
            var inPath = System.Text.RegularExpressions.Regex.Matches(path, "{([^}:]+)").Select(m => m.Groups[1].Value).Order();
            Assert.True(inPath.SequenceEqual(Parameters(operation, "path").Order()), $"{method} {path}: path parameters {string.Join(", ", Parameters(operation, "path"))}");
        }
    }

    [Fact]
    public void Nothing_the_server_works_out_itself_is_a_parameter()
    {
        string[] serverSide = ["caller", "profile", "http", "db", "book", "profiles", "ct"];
        foreach (var (path, method, operation) in Operations(_paths))
        {
            foreach (var location in (string[])["query", "header", "path", "cookie"])
            {
                Assert.DoesNotContain(Parameters(operation, location), name => serverSide.Contains(name, StringComparer.OrdinalIgnoreCase));
            }

            Assert.False(method is "get" or "delete" && operation.TryGetProperty("requestBody", out _), $"{method} {path} documents a body");
        }
    }

    [Theory]
    [InlineData("/api/v1/users/{id}")]
    [InlineData("/api/v1/users/me")]
    public void Both_names_of_a_profile_are_documented_with_every_method(string path)
    {
        var operations = _paths.GetProperty(path).EnumerateObject().Select(member => member.Name).Order();

        Assert.Equal(["delete", "get", "patch", "put"], operations);
    }

    [Fact]
    public void A_profile_id_is_documented_as_a_uuid()
    {
        var id = _paths.GetProperty("/api/v1/users/{id}").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "id");

        Assert.Equal("uuid", id.GetProperty("schema").GetProperty("format").GetString());
    }

    [Fact]
    public void Query_parameters_carry_their_wire_names()
    {
        var list = _paths.GetProperty("/api/v1/orders").GetProperty("get");

        Assert.Equal(["all_customers", "cursor", "limit", "status", "user_id"], Parameters(list, "query").Order());
    }

    [Fact]
    public void Every_operation_has_a_summary_and_an_operation_id_of_its_own()
    {
        var ids = new List<string>();
        foreach (var (path, method, operation) in Operations(_paths))
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null), $"{method} {path}: no summary");
            Assert.True(operation.TryGetProperty("operationId", out var id), $"{method} {path}: no operationId");
            ids.Add(id.GetString()!);
        }

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_tag_is_described_and_the_server_is_the_gateway_the_document_came_from()
    {
        Assert.All(_document.GetProperty("tags").EnumerateArray(), tag => Assert.False(string.IsNullOrWhiteSpace(
            tag.TryGetProperty("description", out var description) ? description.GetString() : null), tag.ToString()));
        Assert.Equal("/", Assert.Single(_document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("/api/v1/users/me", "get", "200 304 401 403 404 429 503")]
    [InlineData("/api/v1/users/{id}", "put", "200 400 401 403 404 409 412 429 503")]
    [InlineData("/api/v1/users/me", "delete", "204 401 403 404 409 412 429 503")]
    [InlineData("/api/v1/orders", "post", "201 400 401 403 409 422 428 429 503")]
    [InlineData("/api/v1/orders/{id}", "get", "200 304 404")]
    [InlineData("/api/v1/orders/{id}/confirm", "post", "200 404 409 412")]
    [InlineData("/api/v1/products", "get", "200 304")]
    [InlineData("/api/v1/products/{sku}", "patch", "200 400 404 409 412")]
    public void Every_status_an_operation_can_answer_is_documented(string path, string method, string statuses)
    {
        var documented = _paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();

        Assert.All(statuses.Split(' '), status => Assert.Contains(status, documented));
    }

    [Fact]
    public void A_problem_body_is_documented_with_its_trace_id_and_room_for_extension_members()
    {
        var problem = _document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");

        Assert.Equal("string", problem.GetProperty("properties").GetProperty("trace_id").GetProperty("type").GetString());
        Assert.False(problem.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False);
    }
}
