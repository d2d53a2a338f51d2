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
/// The API documents the services publish, made in-process from their own endpoint mappings and document conventions
/// (the same calls as their Program.cs); no service runs and nothing is called.
/// </summary>
internal static class ServiceApiDocuments
{
    public static Task<JsonElement> UsersAsync(CancellationToken ct) => BuildAsync("Users API", app => app.MapUsers(), ct);

    public static Task<JsonElement> OrdersAsync(CancellationToken ct) => BuildAsync("Orders API", app =>
    {
        app.MapCatalog();
        app.MapOrders();
        app.MapReports();
    }, ct);

    public static async Task<JsonElement> BuildAsync(string title, Action<WebApplication> map, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration[ApiDocuments.EnabledKey] = "true"; // the host's environment is Production here
        builder.AddApiDefaults();
        builder.AddApiDocumentation(title);
        builder.Services.AddAuthorization();
        // Registered so that endpoint parameters of these types are known to come from services, as in the services.
        builder.Services.AddDbContext<UsersDb>(db => db.UseNpgsql("Host=unused"));
        builder.Services.AddDbContext<OrdersDb>(db => db.UseNpgsql("Host=unused"));
        builder.Services.AddScoped<UserProfiles>();
        builder.Services.AddScoped<OrderBook>();
        builder.Services.AddScoped<ProductCatalog>();
        await using var app = builder.Build();
        app.MapApiDocumentation();
        map(app);
        await app.StartAsync(ct);

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
    }
}
