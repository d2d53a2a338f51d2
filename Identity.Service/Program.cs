using Identity.Service.AccountEvents;
using Identity.Service.Accounts;
using Identity.Service.Authorization;
using Identity.Service.Clients;
using Identity.Service.Data;
using ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<WebApplicationBuilder, IdentityDb>("identitydb");
builder.AddAccounts();
builder.AddAccountEvents();
builder.AddAuthorizationServer();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapRazorPages();
app.MapAuthorizationEndpoints();

await app.MigrateDatabaseAsync<IdentityDb>(async (services, ct) =>
{
    await AccountSeeding.SeedAccountsAsync(services);
    await ClientSeeding.SyncClientsAsync(services, ct);
});
await app.RunAsync();
