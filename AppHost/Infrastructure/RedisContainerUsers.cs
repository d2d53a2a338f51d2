namespace AppHost.Infrastructure;

/// <summary>
/// The cache users in Aspire's Redis container, which starts the server through a shell ("/bin/sh -c 'redis-server
/// --requirepass $REDIS_PASSWORD …'"): each user is one more "--user" option at the end of that command, its password
/// an environment variable the shell expands, so that it shows neither in the container's definition nor in the dashboard.
/// </summary>
public static class RedisContainerUsers
{
    /// <summary>The environment variable holding <paramref name="service"/>'s password (CACHE_USERS_PASSWORD).</summary>
    public static string PasswordVariable(string service) => $"CACHE_{service.ToUpperInvariant()}_PASSWORD";

    /// <summary>
    /// The options that define <paramref name="service"/>'s user, each quoted for sh: double quotes keep ~, &amp;, | and *
    /// literal and let $VARIABLE expand.
    /// </summary>
    public static IEnumerable<string> ShellOptions(string service) =>
        new[] { "--user", service }.Concat(CachePermissions.OfServices[service].RulesWith($"${PasswordVariable(service)}")).Select(o => $"\"{o}\"");

    public static IResourceBuilder<RedisResource> WithCacheUserOptions(this IResourceBuilder<RedisResource> redis,
        IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> passwords)
    {
        foreach (var (service, password) in passwords)
        {
            redis.WithEnvironment(PasswordVariable(service), password);
        }

        // Runs after Aspire's own argument callback (added first), which gives the container's /bin/sh either the whole command
        // after "-c" or its words one by one ("redis-server", "--requirepass", "$REDIS_PASSWORD": a shell expands them),
        // depending on the execution mode: the options follow either way, quoted for that shell.
        return redis.WithArgs(context =>
        {
            var options = passwords.Keys.SelectMany(ShellOptions).ToList();
            var command = context.Args.IndexOf("-c") + 1;
            if (command > 0 && command < context.Args.Count && context.Args[command] is string script)
            {
                context.Args[command] = string.Join(' ', [script, .. options]);
            }
            else if (context.Args.Contains("redis-server"))
            {
                options.ForEach(context.Args.Add);
            }
            else
            {
                throw new DistributedApplicationException("Aspire's Redis container no longer starts redis-server through sh; the cache users cannot be added. Its arguments: "
                    + string.Join(" | ", context.Args.Select(a => $"{a.GetType().Name} {a}")));
            }
        });
    }
}
