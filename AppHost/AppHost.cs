using AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddBackendInfrastructure();

builder.Build().Run();
