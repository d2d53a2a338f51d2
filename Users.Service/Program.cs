using MassTransit;
using ServiceDefaults.Api;
using ServiceDefaults.Authentication;
using ServiceDefaults.Caching;
using ServiceDefaults.Data;
using ServiceDefaults.Idempotency;
using ServiceDefaults.Messaging;
using ServiceDefaults.OpenApi;
using ServiceDefaults.Outbox;
using Users.Service.Accounts;
using Users.Service.Data;
using Users.Service.Users;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiDefaults();
builder.AddApiDocumentation("Users API");
builder.AddResourceServer(UsersApi.Audience, UsersApi.Policies);
builder.AddServiceDatabase<WebApplicationBuilder, UsersDb>("usersdb");
builder.AddRedisCache();
builder.Services.AddTwoLevelCache<CachedUser>(UserProfiles.CacheName);
builder.AddMessaging(bus => bus.AddConsumer<AccountEventsConsumer, AccountEventsConsumerDefinition>());
builder.Services.AddIdempotency<UsersDb>();
builder.Services.AddOutbox<UsersDb>(events => events.Add<UserCreated>().Add<UserUpdated>().Add<UserDeleted>());
builder.Services.AddScoped<UserProfiles>();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapApiDocumentation();
app.MapUsers();

await app.MigrateDatabaseAsync<UsersDb>();
await app.RunAsync();
