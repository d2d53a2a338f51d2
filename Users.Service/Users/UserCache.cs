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
/// PostgreSQL and readiness reports Degraded. A write-through that fails (Redis unreachable) leaves the
/// id "pending": this instance bypasses the cache for it and deletes the entry as soon as Redis answers
/// again, so an entry that missed its invalidation is never served.
/// </summary>
public sealed partial class UserCache
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);
    private static readonly RedisValue Tombstone = "deleted";

    private readonly IConnectionMultiplexer _redis;
    private readonly UserCacheMetrics _metrics;
    private readonly ILogger<UserCache> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _pending = new();

    public UserCache(IConnectionMultiplexer redis, UserCacheMetrics metrics, ILogger<UserCache> logger)
    {
        _redis = redis;
        _metrics = metrics;
        _logger = logger;
        _redis.ConnectionRestored += (_, _) => _ = FlushPendingAsync();
    }

    /// <summary>Hit (with the user, or null for a deleted one), or miss.</summary>
    public async Task<(bool Hit, CachedUser? User)> GetAsync(Guid id)
    {
        if (!_pending.IsEmpty)
        {
            await FlushPendingAsync();
        }

        if (!_redis.IsConnected || _pending.ContainsKey(id))
        {
            _metrics.Lookup("unavailable");
            return (false, null);
        }

        try
        {
            var value = await _redis.GetDatabase().StringGetAsync(Key(id));
            if (value.IsNull)
            {
                _metrics.Lookup("miss");
                return (false, null);
            }

            _metrics.Lookup("hit");
            return (true, value == Tombstone ? null : JsonSerializer.Deserialize<CachedUser>((byte[])value!, Json));
        }
        catch (Exception e) when (e is RedisException or JsonException)
        {
            _metrics.Lookup("error");
            LogCacheFailed(_logger, "read", e);
            return (false, null);
        }
    }

    /// <summary>After a read from PostgreSQL: fill the entry unless a writer already did.</summary>
    public async Task FillAsync(User user)
    {
        if (!_pending.ContainsKey(user.Id))
        {
            await SetAsync(user.Id, Serialize(user), When.NotExists);
        }
    }

    /// <summary>After a committed create or update.</summary>
    public Task WriteThroughAsync(User user) => WriteAsync(user.Id, Serialize(user));

    /// <summary>After a committed delete: remember the absence, so a racing reader cannot revive the profile.</summary>
    public Task MarkDeletedAsync(Guid id) => WriteAsync(id, Tombstone);

    private async Task WriteAsync(Guid id, RedisValue value)
    {
        if (!await SetAsync(id, value, When.Always))
        {
            _pending.TryAdd(id, 0);
        }
    }

    private async Task<bool> SetAsync(Guid id, RedisValue value, When when)
    {
        if (!_redis.IsConnected)
        {
            return false;
        }

        try
        {
            await _redis.GetDatabase().StringSetAsync(Key(id), value, TimeToLive, when);
            return true;
        }
        catch (RedisException e)
        {
            LogCacheFailed(_logger, "write", e);
            return false;
        }
    }

    private async Task FlushPendingAsync()
    {
        foreach (var id in _pending.Keys)
        {
            try
            {
                await _redis.GetDatabase().KeyDeleteAsync(Key(id));
                _pending.TryRemove(id, out _);
            }
            catch (RedisException)
            {
                return; // still unreachable: the next attempt comes with the next reconnection or read
            }
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
