var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("identitydb");

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
