using AppHost;
using AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddBackendInfrastructure();

var identity = builder.AddService<Projects.Identity_Service>("identity")
    .WithReference(infrastructure.IdentityDb).WaitFor(infrastructure.IdentityDb);

var users = builder.AddService<Projects.Users_Service>("users")
    .WithReference(infrastructure.UsersDb).WaitFor(infrastructure.UsersDb)
    .WithReference(infrastructure.Cache).WaitFor(infrastructure.Cache)
    .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging);

var orders = builder.AddService<Projects.Orders_Service>("orders")
    .WithReference(infrastructure.OrdersDb).WaitFor(infrastructure.OrdersDb)
    .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging);

builder.AddService<Projects.Notifications_Worker>("notifications")
    .WithReference(infrastructure.NotificationsDb).WaitFor(infrastructure.NotificationsDb)
    .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
    .WithReference(infrastructure.Mail).WaitFor(infrastructure.Mail);

builder.AddService<Projects.Gateway>("gateway")
    .WithExternalHttpEndpoints()
    .WithReference(identity).WaitFor(identity)
    .WithReference(users).WaitFor(users)
    .WithReference(orders).WaitFor(orders);

builder.Build().Run();
