using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Configuration;
using StackExchange.Redis;

namespace ServiceDefaults.Caching;

public static class CachingExtensions
{
    /// <summary>The Redis connection's name ("cache" in the AppHost).</summary>
    public const string ConnectionName = "cache";

    /// <summary>
    /// The Redis connection the two-level caches share, and a readiness check that reports Degraded (not
    /// Unhealthy) while Redis is down: reads then go to the database.
    /// </summary>
    public static TBuilder AddRedisCache<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Require($"ConnectionStrings:{ConnectionName}", "the Redis cache, host:port[,password=…,user=…]");
        builder.AddRedisClient(ConnectionName,
            settings => settings.DisableHealthChecks = true, // replaced below: Redis down degrades, it does not fail readiness
            options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 1000;
                options.SyncTimeout = 1000;
                // One Redis, no primaries to elect between: without these the client reads a tie-breaker key and
                // subscribes to a configuration channel outside the cache's names, which its ACL user may not touch.
                options.TieBreaker = "";
                options.ConfigurationChannel = "";
                // No CLIENT SETINFO: Redis 7.0 (Debian's) does not know the command, so no ACL can allow it on both 7.0 and 7.2+.
                options.SetClientLibrary = false;
                // No CONFIG GET at connect (the server's timeout and database count, which the cache does not need):
                // CONFIG is the administrator's, and reading it would show the cache's ACL user every password.
                options.CommandMap = CommandMap.Create(new HashSet<string> { "CONFIG" }, available: false);
            });
        builder.Services.AddSingleton<CacheMetrics>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(ConnectionName, failureStatus: HealthStatus.Degraded);
        return builder;
    }

    /// <summary>
    /// A <see cref="TwoLevelCache{TValue}"/> named <paramref name="name"/>: its Redis keys are
    /// <c>{name}:v1:{key}</c> and its invalidations go on the channel <c>{name}:v1:invalidated</c>.
    /// Needs <see cref="AddRedisCache{TBuilder}"/>.
    /// </summary>
    public static IServiceCollection AddTwoLevelCache<TValue>(this IServiceCollection services, string name) where TValue : class =>
        services.AddSingleton(sp => new TwoLevelCache<TValue>(name, sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<CacheMetrics>(), sp.GetRequiredService<ILoggerFactory>()));
}
