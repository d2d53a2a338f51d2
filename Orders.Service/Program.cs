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
builder.AddRedisCache();
builder.Services.AddCatalog();
builder.Services.AddOrdering();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapApiDocumentation();
app.MapOrders();
app.MapCatalog();
app.MapReports();

await app.MigrateDatabaseAsync<OrdersDb>(DemoCatalog.SeedAsync);
await app.RunAsync();
