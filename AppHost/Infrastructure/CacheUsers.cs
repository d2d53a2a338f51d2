namespace AppHost.Infrastructure;

/// <summary>
/// A Redis ACL user per service that caches, with only its <see cref="CachePermissions"/>. The server defines them at
/// start (redis.conf in process mode, command-line options in a container), so a restarted cache has them again; the
/// default user keeps the administrator's password, for the AppHost and tools only. Each service gets a connection string
/// of its own user under the usual name, "cache" (docs/architecture.md, "Least privilege").
/// </summary>
public static class CacheUsers
{
    /// <summary>The name a service's Redis connection string has in the service (ConnectionStrings:cache).</summary>
    public const string ConnectionName = "cache";

    /// <summary>
    /// What the AppHost's own checks add to a user's connection string, as the services' client does in code
    /// (ServiceDefaults/Caching/CachingExtensions.cs): no tie-breaker key, configuration channel, CLIENT SETINFO or
    /// CONFIG, which the user may not touch and which would each leave a refusal in the ACL log.
    /// </summary>
    public const string ClientOptions = ",tiebreaker=,configChannel=,setlib=false,$CONFIG=";

    /// <summary>Each caching service's password, a generated parameter cache-{service}-password.</summary>
    public static IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> Passwords(IDistributedApplicationBuilder builder) =>
        CachePermissions.OfServices.Keys.ToDictionary(service => service, service => InfrastructureCredentials.Secret(builder, $"cache-{service}-password"));

    /// <summary>
    /// The users' connection strings, as resources named cache-{service} under <paramref name="server"/>;
    /// <paramref name="hostAndPort"/> is "host:port" as the services reach it. Healthy once the user may PING.
    /// </summary>
    public static IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> AddCacheUsers<TServer>(this IResourceBuilder<TServer> server,
        ReferenceExpression hostAndPort, IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> passwords)
        where TServer : class, IResourceWithConnectionString
    {
        var users = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
        foreach (var (service, password) in passwords)
        {
            users[service] = server.AddServiceUser($"cache-{service}", ReferenceExpression.Create($"{hostAndPort},user={service},password={password.Resource}"),
                ConnectionName, (checks, name, connectionString) => checks.AddRedis(_ => connectionString() + ClientOptions, name: name));
        }

        return users;
    }
}
