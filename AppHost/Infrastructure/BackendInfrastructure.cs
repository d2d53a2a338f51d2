using AppHost.Infrastructure.Processes;

namespace AppHost.Infrastructure;

/// <summary>
/// The connection-string resources the services reference. Both modes expose exactly these names
/// (usersdb, ordersdb, identitydb, notificationsdb, cache, messaging, mail), so a service cannot tell
/// containers from local processes.
/// </summary>
public sealed record BackendInfrastructure(
    InfrastructureMode Mode,
    string DataDirectory,
    IResourceBuilder<IResourceWithConnectionString> UsersDb,
    IResourceBuilder<IResourceWithConnectionString> OrdersDb,
    IResourceBuilder<IResourceWithConnectionString> IdentityDb,
    IResourceBuilder<IResourceWithConnectionString> NotificationsDb,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IResourceBuilder<IResourceWithConnectionString> Mail);

public static class BackendInfrastructureExtensions
{
    public static BackendInfrastructure AddBackendInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var credentials = InfrastructureCredentials.Create(builder);
        var mode = InfrastructureModeResolver.Resolve(builder.Configuration);

        return mode switch
        {
            InfrastructureMode.Containers => builder.AddContainerInfrastructure(credentials),
            _ => builder.AddProcessInfrastructure(credentials),
        };
    }
}

/// <summary>
/// Credentials shared by both modes. Generated once and kept in the AppHost's user secrets, or set
/// explicitly with Parameters__&lt;name&gt;. Letters and digits only: they go into URIs and config files.
/// </summary>
public sealed record InfrastructureCredentials(
    IResourceBuilder<ParameterResource> PostgresPassword,
    IResourceBuilder<ParameterResource> RedisPassword,
    IResourceBuilder<ParameterResource> RabbitMqUserName,
    IResourceBuilder<ParameterResource> RabbitMqPassword)
{
    public static InfrastructureCredentials Create(IDistributedApplicationBuilder builder) => new(
        Secret(builder, "postgres-password"),
        Secret(builder, "cache-password"),
        builder.AddParameter("messaging-username", "backend"),
        Secret(builder, "messaging-password"));

    private static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
}
