namespace AppHost.Infrastructure;

/// <summary>Infrastructure as containers, through Aspire's own integrations.</summary>
public static class ContainerInfrastructure
{
    public static BackendInfrastructure AddContainerInfrastructure(
        this IDistributedApplicationBuilder builder, InfrastructureCredentials credentials)
    {
        var postgres = builder.AddPostgres("postgres", password: credentials.PostgresPassword)
            .WithDataVolume("backend-postgres-data");

        // A cache: no volume, so a restarted cache starts empty (see RedisProcess).
        var cacheUsers = CacheUsers.Passwords(builder);
        var cache = builder.AddRedis("cache", password: credentials.RedisPassword).WithCacheUserOptions(cacheUsers);

        var messaging = builder.AddRabbitMQ("messaging", credentials.RabbitMqUserName, credentials.RabbitMqPassword)
            .WithDataVolume("backend-rabbitmq-data")
            .WithManagementPlugin();

        var retention = Processes.Smtp4devRetention.From(builder.Configuration);
        var mail = builder.AddResource(new SmtpCatcherContainerResource("mail"))
            .WithImage(SmtpCatcherContainerResource.Image, SmtpCatcherContainerResource.Tag)
            .WithHttpEndpoint(targetPort: 80, name: SmtpCatcherContainerResource.WebEndpointName)
            .WithEndpoint(targetPort: 25, name: SmtpCatcherContainerResource.SmtpEndpointName, scheme: "tcp")
            .WithEnvironment("ServerOptions__NumberOfMessagesToKeep", retention.MessagesText)
            .WithEnvironment("ServerOptions__NumberOfSessionsToKeep", retention.SessionsText)
            .WithUrlForEndpoint(SmtpCatcherContainerResource.WebEndpointName, url => url.DisplayText = "Mail UI")
            .WithHttpHealthCheck("/", endpointName: SmtpCatcherContainerResource.WebEndpointName);

        var server = postgres.Resource.PrimaryEndpoint;
        var address = ReferenceExpression.Create($"Host={server.Property(EndpointProperty.Host)};Port={server.Property(EndpointProperty.Port)}");

        return new BackendInfrastructure(
            InfrastructureMode.Containers,
            DataDirectory: Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data")),
            UsersDb: postgres.AddOwnedDatabase("usersdb", address),
            OrdersDb: postgres.AddOwnedDatabase("ordersdb", address),
            IdentityDb: postgres.AddOwnedDatabase("identitydb", address),
            NotificationsDb: postgres.AddOwnedDatabase("notificationsdb", address),
            CacheUsers: cache.AddCacheUsers(
                ReferenceExpression.Create($"{cache.Resource.PrimaryEndpoint.Property(EndpointProperty.Host)}:{cache.Resource.PrimaryEndpoint.Property(EndpointProperty.Port)}"),
                cacheUsers),
            Messaging: messaging.AsConnectionString(),
            BrokerUsers: messaging.AddBrokerUsers(
                ReferenceExpression.Create($"{messaging.Resource.PrimaryEndpoint.Property(EndpointProperty.Host)}:{messaging.Resource.PrimaryEndpoint.Property(EndpointProperty.Port)}"),
                messaging.Resource.ManagementEndpoint, credentials),
            Mail: mail.AsConnectionString());
    }

    private static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);
}
