using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Service.Catalog;
using Orders.Service.Data;
using Orders.Service.Orders;
using Orders.Service.Reports;
using ServiceDefaults.Api;
using ServiceDefaults.OpenApi;
using Users.Service.Data;
using Users.Service.Users;

namespace Unit.Tests.Contracts;

/// <summary>
/// The API documents describe what a client sends: path, query and header parameters by their wire names, and
/// nothing the server works out for itself (the caller, services). Client code is generated from them.
/// The endpoints are the services' own, mapped in-process; nothing is called.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private WebApplication? _app;
    private JsonElement _paths;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration[ApiDocuments.EnabledKey] = "true"; // the host's environment is Production here
        builder.AddApiDefaults();
        builder.AddApiDocumentation("Test API");
        builder.Services.AddAuthorization();
        // Registered so that endpoint parameters of these types are known to come from services, as in the services.
        builder.Services.AddDbContext<UsersDb>(db => db.UseNpgsql("Host=unused"));
        builder.Services.AddDbContext<OrdersDb>(db => db.UseNpgsql("Host=unused"));
        builder.Services.AddScoped<UserProfiles>();
        builder.Services.AddScoped<OrderBook>();
        builder.Services.AddScoped<ProductCatalog>();
        _app = builder.Build();
        _app.MapApiDocumentation();
        _app.MapUsers();
        _app.MapOrders();
        _app.MapReports();
        _app.MapCatalog();
        await _app.StartAsync(TestContext.Current.CancellationToken);

        using var http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        _paths = document.GetProperty("paths");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

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

        Assert.Equal(["cursor", "limit", "status", "user_id"], Parameters(list, "query").Order());
    }
}
