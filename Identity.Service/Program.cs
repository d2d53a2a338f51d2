using Identity.Service.Accounts;
using Identity.Service.Authorization;
using Identity.Service.Clients;
using Identity.Service.Data;
using ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<WebApplicationBuilder, IdentityDb>("identitydb");
builder.AddAccounts();
builder.AddAuthorizationServer();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapRazorPages();
app.MapAuthorizationEndpoints();

await app.MigrateDatabaseAsync<IdentityDb>();
await app.SeedAccountsAsync();
await app.SyncClientsAsync();
await app.RunAsync();
