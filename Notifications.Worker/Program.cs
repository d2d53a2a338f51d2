using Notifications.Worker.AccountEmails;
using Notifications.Worker.Data;
using Notifications.Worker.Email;
using Notifications.Worker.ErrorQueues;
using Notifications.Worker.OrderEmails;
using ServiceDefaults.Data;
using ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

// An operator's command, not the worker: it needs only the broker's connection string.
if (ReplayErrorsCommand.Matches(args))
{
    using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
    return await ReplayErrorsCommand.RunAsync(builder.Configuration, args, loggers.CreateLogger(ReplayErrorsCommand.Name), CancellationToken.None);
}

builder.AddServiceDefaults();
builder.AddServiceDatabase<WebApplicationBuilder, NotificationsDb>("notificationsdb");
builder.AddSmtp();
builder.AddOrderEmails();
builder.AddAccountEmails();
builder.AddMessaging(bus =>
{
    bus.AddOrderEmailConsumer();
    bus.AddAccountEmailConsumer();
});

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync<NotificationsDb>();
await app.RunAsync();
return 0;
