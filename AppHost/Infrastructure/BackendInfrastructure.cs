namespace AppHost.Infrastructure;

/// <summary>
/// The connection-string resources the services reference. Both modes expose exactly these names (usersdb, ordersdb,
/// identitydb, notificationsdb, cache, messaging, mail; a service's own Redis and broker users reach it as cache and
/// messaging), so a service cannot tell containers from local processes.
/// </summary>
public sealed record BackendInfrastructure(
    InfrastructureMode Mode,
    string DataDirectory,
    IResourceBuilder<IResourceWithConnectionString> UsersDb,
    IResourceBuilder<IResourceWithConnectionString> OrdersDb,
    IResourceBuilder<IResourceWithConnectionString> IdentityDb,
    IResourceBuilder<IResourceWithConnectionString> NotificationsDb,
    IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> CacheUsers,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> BrokerUsers,
    IResourceBuilder<IResourceWithConnectionString> Mail);
