using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Users.Service.Users;

public static class UserCacheExtensions
{
    public const string ConnectionName = "cache";

    public static TBuilder AddUserCache<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient(ConnectionName,
            settings => settings.DisableHealthChecks = true, // replaced below: Redis down degrades, it does not fail readiness
            options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 1000;
                options.SyncTimeout = 1000;
            });
        builder.Services.AddSingleton<UserCacheMetrics>();
        builder.Services.AddSingleton<UserCacheInvalidations>();
        builder.Services.AddSingleton<UserCache>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("cache", failureStatus: HealthStatus.Degraded);
        return builder;
    }
}
