using Notifications.Worker.Data;
using Notifications.Worker.Email;
using Notifications.Worker.OrderConfirmations;
using ServiceDefaults.Data;
using ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<WebApplicationBuilder, NotificationsDb>("notificationsdb");
builder.AddSmtp();
builder.AddOrderConfirmations();
builder.AddMessaging(bus => bus.AddOrderConfirmationConsumer());

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<NotificationsDb>();
await app.RunAsync();
