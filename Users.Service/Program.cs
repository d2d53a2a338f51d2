using ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("usersdb");
builder.AddRedisClient("cache");
builder.AddMessaging();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
