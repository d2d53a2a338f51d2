using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Users.Service.Users;

/// <summary>
/// Two-level cache-aside for GET {id} and GET me. Redis is the shared level (5-minute TTL): writers write
/// through after their commit (a tombstone for a delete); readers only fill an absent entry (SET NX), so a
/// read that raced a write cannot put the old value back. In front of it, each instance keeps the profiles
/// it read from Redis in memory for a few seconds, so a hot profile costs no network round trip.
/// </summary>
/// <remarks>
/// Coherence of the in-memory level: a writer, after its write-through, publishes the id and waits until
/// every instance has dropped its copy (see <see cref="UserCacheInvalidations"/>) before it answers, so a
/// read that follows a write sees it on every instance. A copy is only made from a value read in Redis while
/// no invalidation arrived during the read (a generation counter), so a read that raced a write cannot keep
/// the old value. The in-memory level is used only while this instance is subscribed: when the connection to
/// Redis fails or comes back, every copy is dropped (invalidations may have been missed), and the short local
/// lifetime bounds anything unforeseen.
/// When Redis is down every call falls through to PostgreSQL and readiness reports Degraded. A write-through
/// that fails (Redis unreachable) leaves the id "pending": this instance bypasses the cache for it and deletes
/// the entry as soon as Redis answers again, so an entry that missed its invalidation is never served.
/// </remarks>
public sealed partial class UserCache : IDisposable
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    /// <summary>The in-memory level's lifetime: long enough to absorb a hot profile's reads, short as a safety net.</summary>
    public static readonly TimeSpan LocalTimeToLive = TimeSpan.FromSeconds(10);

    private const int LocalCapacity = 20_000;
    private static readonly RedisValue Tombstone = "deleted";

    private readonly IConnectionMultiplexer _redis;
    private readonly UserCacheInvalidations _invalidations;
    private readonly UserCacheMetrics _metrics;
    private readonly ILogger<UserCache> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _pending = new();
    private readonly MemoryCache _local = new(new MemoryCacheOptions { SizeLimit = LocalCapacity });
    private long _generation;
    private volatile bool _subscribed;

    public UserCache(IConnectionMultiplexer redis, UserCacheInvalidations invalidations, UserCacheMetrics metrics, ILogger<UserCache> logger)
    {
        _redis = redis;
        _invalidations = invalidations;
        _metrics = metrics;
        _logger = logger;
        _redis.ConnectionFailed += (_, _) =>
        {
            _subscribed = false;
            ForgetLocal();
        };
        _redis.ConnectionRestored += (_, restored) =>
        {
            ForgetLocal();
            if (restored.ConnectionType == ConnectionType.Subscription)
            {
                _subscribed = true;
            }

            _ = FlushPendingAsync();
        };
        _ = SubscribeAsync();
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
            _metrics.Lookup("unavailable", "redis");
            return (false, null);
        }

        if (_subscribed && _local.TryGetValue(id, out CachedUser? local))
        {
            _metrics.Lookup("hit", "memory");
            return (true, local);
        }

        var generation = Interlocked.Read(ref _generation);
        try
        {
            var value = await _redis.GetDatabase().StringGetAsync(Key(id));
            if (value.IsNull)
            {
                _metrics.Lookup("miss", "redis");
                return (false, null);
            }

            _metrics.Lookup("hit", "redis");
            if (value == Tombstone)
            {
                return (true, null);
            }

            var user = JsonSerializer.Deserialize<CachedUser>((byte[])value!, Json);
            if (user is not null && _subscribed && Interlocked.Read(ref _generation) == generation)
            {
                _local.Set(id, user, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = LocalTimeToLive, Size = 1 });
            }

            return (true, user);
        }
        catch (Exception e) when (e is RedisException or JsonException)
        {
            _metrics.Lookup("error", "redis");
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

    public void Dispose() => _local.Dispose();

    private async Task WriteAsync(Guid id, RedisValue value)
    {
        Forget(id); // this instance at once; the others when the message below reaches them
        if (!await SetAsync(id, value, When.Always) || !await _invalidations.PublishAsync(id))
        {
            _pending.TryAdd(id, 0);
        }

        Forget(id); // again: a read of this instance that got the old value during the write must not keep it
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
                if (!await _invalidations.PublishAsync(id))
                {
                    return;
                }

                _pending.TryRemove(id, out _);
            }
            catch (RedisException)
            {
                return; // still unreachable: the next attempt comes with the next reconnection or read
            }
        }
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await _invalidations.SubscribeAsync(Forget);
            _subscribed = _invalidations.IsSubscribed;
        }
        catch (RedisException e)
        {
            // The multiplexer subscribes again when it connects; ConnectionRestored then enables the local level.
            LogCacheFailed(_logger, "subscription", e);
        }
    }

    private void Forget(Guid id)
    {
        Interlocked.Increment(ref _generation);
        _local.Remove(id);
    }

    private void ForgetLocal()
    {
        Interlocked.Increment(ref _generation);
        _local.Clear();
    }

    private static RedisKey Key(Guid id) => $"users:v1:{id:N}";

    private static byte[] Serialize(User user) =>
        JsonSerializer.SerializeToUtf8Bytes(new CachedUser(UserResponse.From(user), user.Version), Json);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User cache {Operation} failed; serving from PostgreSQL")]
    private static partial void LogCacheFailed(ILogger logger, string operation, Exception exception);
}
