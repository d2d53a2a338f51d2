using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Users.Service.Users;

/// <summary>A profile as cached: what GET returns, and its version for the ETag.</summary>
public sealed record CachedUser(UserResponse User, uint Version);

/// <summary>
/// Cache-aside over Redis for GET {id} and GET me, 5-minute TTL, shared by every instance (no
/// per-instance copy that another instance's write could leave stale). Writers write through after
/// their commit (a tombstone for a delete); readers only fill an absent entry (SET NX), so a read that
/// raced a write cannot put the old value back. When Redis is down every call falls through to
/// PostgreSQL and readiness reports Degraded.
/// </summary>
public sealed partial class UserCache(IConnectionMultiplexer redis, UserCacheMetrics metrics, ILogger<UserCache> logger)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);
    private static readonly RedisValue Tombstone = "deleted";

    /// <summary>Hit (with the user, or null for a deleted one), or miss.</summary>
    public async Task<(bool Hit, CachedUser? User)> GetAsync(Guid id)
    {
        if (!redis.IsConnected)
        {
            metrics.Lookup("unavailable");
            return (false, null);
        }

        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(id));
            if (value.IsNull)
            {
                metrics.Lookup("miss");
                return (false, null);
            }

            metrics.Lookup("hit");
            return (true, value == Tombstone ? null : JsonSerializer.Deserialize<CachedUser>((byte[])value!, Json));
        }
        catch (Exception e) when (e is RedisException or JsonException)
        {
            metrics.Lookup("error");
            LogCacheFailed(logger, "read", e);
            return (false, null);
        }
    }

    /// <summary>After a read from PostgreSQL: fill the entry unless a writer already did.</summary>
    public Task FillAsync(User user) => SetAsync(user.Id, Serialize(user), When.NotExists);

    /// <summary>After a committed create or update.</summary>
    public Task WriteThroughAsync(User user) => SetAsync(user.Id, Serialize(user), When.Always);

    /// <summary>After a committed delete: remember the absence, so a racing reader cannot revive the profile.</summary>
    public Task MarkDeletedAsync(Guid id) => SetAsync(id, Tombstone, When.Always);

    private async Task SetAsync(Guid id, RedisValue value, When when)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(Key(id), value, TimeToLive, when);
        }
        catch (RedisException e)
        {
            LogCacheFailed(logger, "write", e);
        }
    }

    private static RedisKey Key(Guid id) => $"users:v1:{id:N}";

    private static byte[] Serialize(User user) =>
        JsonSerializer.SerializeToUtf8Bytes(new CachedUser(UserResponse.From(user), user.Version), Json);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User cache {Operation} failed; serving from PostgreSQL")]
    private static partial void LogCacheFailed(ILogger logger, string operation, Exception exception);
}

/// <summary>Cache lookups by result (hit, miss, error, unavailable), meter "Backend.Users".</summary>
public sealed class UserCacheMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _lookups = meters.Create("Backend.Users")
        .CreateCounter<long>("backend.users.cache.lookups", description: "User cache lookups by result");

    public void Lookup(string result) => _lookups.Add(1, new KeyValuePair<string, object?>("result", result));
}

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
        builder.Services.AddSingleton<UserCache>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("cache", failureStatus: HealthStatus.Degraded);
        return builder;
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (RedisException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable; reads go to PostgreSQL.", e);
        }
    }
}
