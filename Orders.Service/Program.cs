using MassTransit;
using Orders.Service.Catalog;
using Orders.Service.Customers;
using Orders.Service.Data;
using Orders.Service.Orders;
using Orders.Service.Reports;
using ServiceDefaults.Api;
using ServiceDefaults.Authentication;
using ServiceDefaults.Caching;
using ServiceDefaults.Data;
using ServiceDefaults.Idempotency;
using ServiceDefaults.Messaging;
using ServiceDefaults.OpenApi;
using ServiceDefaults.Outbox;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiDefaults();
builder.AddApiDocumentation("Orders API");
builder.AddResourceServer(OrdersApi.Audience, policies =>
{
    OrdersApi.Policies(policies);
    CatalogApi.Policies(policies);
});
builder.AddServiceDatabase<WebApplicationBuilder, OrdersDb>("ordersdb");
builder.AddMessaging(bus => bus.AddConsumer<CustomerProfileConsumer, CustomerProfileConsumerDefinition>());
builder.Services.AddIdempotency<OrdersDb>();
builder.Services.AddOutbox<OrdersDb>(events => events.Add<OrderPlaced>().Add<OrderConfirmed>().Add<OrderShipped>().Add<OrderCancelled>());
builder.Services.AddScoped<OrderBook>();
builder.AddRedisCache();
builder.Services.AddOptions<ShopSettings>().BindConfiguration(ShopSettings.Section)
    .Validate(shop => shop.Currency is { Length: 3 } c && c.All(char.IsAsciiLetterUpper), "Shop:Currency must be an ISO 4217 code (three capital letters).")
    .ValidateOnStart();
builder.Services.AddTwoLevelCache<CachedProduct>(ProductCatalog.CacheName);
builder.Services.AddScoped<ProductCatalog>();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapApiDocumentation();
app.MapOrders();
app.MapCatalog();
app.MapReports();

await app.MigrateDatabaseAsync<OrdersDb>();
await app.RunAsync();
