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

// A command against the running system's database: it neither migrates nor seeds (its settings may not be the service's).
if (AdminCommand.IsRequested(args))
{
    Environment.ExitCode = await AdminCommand.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error);
    await app.DisposeAsync();
    return;
}

await app.MigrateDatabaseAsync<IdentityDb>(async (services, ct) =>
{
    await AccountSeeding.SeedAccountsAsync(services);
    await ClientSeeding.SyncClientsAsync(services, ct);
});

await app.RunAsync();
