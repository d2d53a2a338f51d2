using Gateway.Docs;
using Gateway.Protection;
using Gateway.Proxy;
using Gateway.Storefront;
using ServiceDefaults.Authentication;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEdgeTokenValidation();
builder.AddEdgeProtections();
builder.AddEdgeProxy();
builder.AddStorefront();

var app = builder.Build();

app.UseServiceDefaults();
app.UseHsts(); // only on HTTPS (the scheme as a trusted proxy forwarded it), never for localhost
app.UseMiddleware<RequestLimits>();
app.UseStorefront();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseRequestTimeouts();

app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapEdgeProxy();

await app.RunAsync();
