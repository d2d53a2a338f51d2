namespace AppHost.Infrastructure.Processes;

public static class RedisProcess
{
    public static IResourceBuilder<RedisProcessResource> AddRedisProcess(this IDistributedApplicationBuilder builder,
        string name, IResourceBuilder<ParameterResource> password, IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> users,
        LocalDataDirectory data)
    {
        var root = data.Component(name);
        var configFile = Path.Combine(root, "redis.conf");
        var resource = new RedisProcessResource(name, HostCommand.Locate("redis-server", "/usr/bin/redis-server"), root, password.Resource);
        string? connectionString = null;

        return builder.AddResource(resource)
            .WithLoopbackEndpoint(RedisProcessResource.EndpointName)
            // The password lives in a 0600 config file, not on the command line where ps would show it.
            .WithArgs(context =>
            {
                context.Args.Add(configFile);
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithIconName("Memory")
            .OnBeforeResourceStarted(async (redis, _, ct) =>
            {
                var secret = await redis.Password.GetValueAsync(ct);
                // The default user is the administrator (requirepass); each caching service has a user of its own.
                var userLines = new List<string>();
                foreach (var (service, userPassword) in users)
                {
                    var userSecret = await userPassword.Resource.GetValueAsync(ct) ?? throw new DistributedApplicationException($"{userPassword.Resource.Name} has no value.");
                    userLines.Add(CachePermissions.OfServices[service].ConfigLine(service, userSecret));
                }

                HostCommand.WritePrivateFile(configFile, $"""
                    bind 127.0.0.1
                    protected-mode yes
                    requirepass "{secret}"
                    dir "{root}"
                    daemonize no
                    logfile ""
                    save ""
                    appendonly no
                    {string.Join(Environment.NewLine, userLines)}
                    """);
            })
            .OnConnectionStringAvailable(async (redis, _, ct) => connectionString = await redis.ConnectionStringExpression.GetValueAsync(ct))
            .WithRegisteredHealthCheck($"{name}_check", checks => checks.AddRedis(
                _ => connectionString ?? throw new InvalidOperationException("Connection string is unavailable"),
                name: $"{name}_check"));
    }
}
