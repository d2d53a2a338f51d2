using AppHost;
using AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args).WithPatientHealthChecks();

var infrastructure = builder.AddBackendInfrastructure();
var serviceClientSecret = builder.AddParameter("service-client-secret",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

// Clients only ever see the gateway: its URL is the public issuer of every token.
var gateway = builder.AddService<Projects.Gateway>("gateway", publicPort: builder.Configuration.GetValue("Gateway:Port", 5080))
    .WithExternalHttpEndpoints();
var publicUrl = gateway.GetEndpoint("http");

var identity = builder.AddService<Projects.Identity_Service>("identity").WithHttp2Endpoint()
    .WithReference(infrastructure.IdentityDb).WaitFor(infrastructure.IdentityDb)
    .WithBrokerUser(infrastructure)
    .WithEnvironment("Identity__Issuer", publicUrl)
    .WithEnvironment("Identity__Keys__Directory", Path.Combine(infrastructure.DataDirectory, "identity-keys"))
    .WithEnvironment("Identity__Clients__Service__Secret", serviceClientSecret);

var users = builder.AddService<Projects.Users_Service>("users").WithHttp2Endpoint()
    .WithReference(infrastructure.UsersDb).WaitFor(infrastructure.UsersDb)
    .WithCacheUser(infrastructure)
    .WithBrokerUser(infrastructure)
    .WithTokensFrom(identity, publicUrl);

// A few products to try the shop with, in an empty catalog (Orders.Service's DemoCatalog); --Shop:DemoCatalog=false for none.
var orders = builder.AddService<Projects.Orders_Service>("orders").WithHttp2Endpoint()
    .WithEnvironment("Shop__DemoCatalog", builder.Configuration.GetValue("Shop:DemoCatalog", true).ToString())
    .WithReference(infrastructure.OrdersDb).WaitFor(infrastructure.OrdersDb)
    .WithCacheUser(infrastructure)
    .WithBrokerUser(infrastructure)
    .WithTokensFrom(identity, publicUrl);

builder.AddService<Projects.Notifications_Worker>("notifications").WithBackgroundPriority()
    .WithReference(infrastructure.NotificationsDb).WaitFor(infrastructure.NotificationsDb)
    .WithBrokerUser(infrastructure)
    .WithReference(infrastructure.Mail).WaitFor(infrastructure.Mail);

gateway
    .WithTokensFrom(identity, publicUrl).WaitFor(identity)
    .WithReference(users).WaitFor(users)
    .WithReference(orders).WaitFor(orders)
    .WithStorefront(identity, publicUrl);

builder.Build().Run();
