namespace AppHost.Infrastructure.Processes;

/// <summary>Infrastructure as local processes: for machines without a container engine.</summary>
public static class ProcessInfrastructure
{
    public static BackendInfrastructure AddProcessInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureCredentials credentials)
    {
        var data = LocalDataDirectory.Acquire(builder);
        builder.Services.AddHostedService(_ => new DataDirectoryLease(data));

        var postgres = builder.AddPostgresProcess("postgres", credentials.PostgresPassword, data);
        var cache = builder.AddRedisProcess("cache", credentials.RedisPassword, data);
        var messaging = builder.AddRabbitMqProcess("messaging", credentials.RabbitMqUserName, credentials.RabbitMqPassword, data);
        var mail = builder.AddSmtp4devProcess("mail", data);

        return new BackendInfrastructure(
            InfrastructureMode.Processes,
            UsersDb: postgres.AddDatabase("usersdb"),
            OrdersDb: postgres.AddDatabase("ordersdb"),
            IdentityDb: postgres.AddDatabase("identitydb"),
            NotificationsDb: postgres.AddDatabase("notificationsdb"),
            Cache: builder.CreateResourceBuilder<IResourceWithConnectionString>(cache.Resource),
            Messaging: builder.CreateResourceBuilder<IResourceWithConnectionString>(messaging.Resource),
            Mail: builder.CreateResourceBuilder<IResourceWithConnectionString>(mail.Resource));
    }
}
