namespace AppHost.Infrastructure.Processes;

/// <summary>Infrastructure as local processes: for machines without a container engine.</summary>
public static class ProcessInfrastructure
{
    public static BackendInfrastructure AddProcessInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureCredentials credentials)
    {
        var data = LocalDataDirectory.Acquire(builder);
        builder.Services.AddHostedService(_ => new DataDirectoryLease(data));

        // Services carry the data folder in their environment, so that the next run can find and stop
        // them too if this run's orchestrator dies with them still running.
        builder.Eventing.Subscribe<BeforeStartEvent>((evt, _) =>
        {
            foreach (var project in evt.Model.Resources.OfType<ProjectResource>())
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(
                    env => env[OrphanProcesses.MarkerVariable] = data.Root));
            }

            return Task.CompletedTask;
        });

        var postgres = builder.AddPostgresProcess("postgres", credentials.PostgresPassword, data);
        var cacheUsers = CacheUsers.Passwords(builder);
        var cache = builder.AddRedisProcess("cache", credentials.RedisPassword, cacheUsers, data);
        var messaging = builder.AddRabbitMqProcess("messaging", credentials.RabbitMqUserName, credentials.RabbitMqPassword, data);
        var mail = builder.AddSmtp4devProcess("mail", data);

        var server = postgres.Resource.PrimaryEndpoint;
        var address = ReferenceExpression.Create($"Host={server.Property(EndpointProperty.IPV4Host)};Port={server.Property(EndpointProperty.Port)}");

        return new BackendInfrastructure(
            InfrastructureMode.Processes,
            DataDirectory: data.Root,
            UsersDb: postgres.AddOwnedDatabase("usersdb", address),
            OrdersDb: postgres.AddOwnedDatabase("ordersdb", address),
            IdentityDb: postgres.AddOwnedDatabase("identitydb", address),
            NotificationsDb: postgres.AddOwnedDatabase("notificationsdb", address),
            CacheUsers: cache.AddCacheUsers(
                ReferenceExpression.Create($"{cache.Resource.PrimaryEndpoint.Property(EndpointProperty.IPV4Host)}:{cache.Resource.PrimaryEndpoint.Property(EndpointProperty.Port)}"),
                cacheUsers),
            Messaging: builder.CreateResourceBuilder<IResourceWithConnectionString>(messaging.Resource),
            BrokerUsers: messaging.AddBrokerUsers(
                ReferenceExpression.Create($"{messaging.Resource.Amqp.Property(EndpointProperty.IPV4Host)}:{messaging.Resource.Amqp.Property(EndpointProperty.Port)}"),
                messaging.GetEndpoint(RabbitMqProcessResource.ManagementEndpointName), credentials),
            Mail: builder.CreateResourceBuilder<IResourceWithConnectionString>(mail.Resource));
    }
}
