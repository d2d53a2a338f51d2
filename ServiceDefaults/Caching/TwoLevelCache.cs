using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ServiceDefaults.Caching;

/// <summary>
/// Two-level cache-aside for reads by key. Redis is the shared level (5-minute TTL): writers write through
/// after their commit (a tombstone for a removal); readers only fill an absent entry (SET NX), so a read that
/// raced a write cannot put the old value back. In front of it, each instance keeps the values it read from
/// Redis in memory for a few seconds, so a hot entry costs no network round trip.
/// </summary>
/// <remarks>
/// Coherence of the in-memory level: a writer, after its write-through, publishes the key and waits until
/// every instance has dropped its copy (see <see cref="CacheInvalidations"/>) before it answers, so a read
/// that follows a write sees it on every instance. A copy is only made from a value read in Redis while no
/// invalidation arrived during the read (a generation counter), so a read that raced a write cannot keep the
/// old value. The in-memory level is used only while this instance is subscribed: when the connection to
/// Redis fails or comes back, every copy is dropped (invalidations may have been missed), and the short local
/// lifetime bounds anything unforeseen.
/// When Redis is down every call falls through to the database and readiness reports Degraded. A write-through
/// that fails (Redis unreachable) leaves the key "pending": this instance bypasses the cache for it and deletes
/// the entry as soon as Redis answers again, so an entry that missed its invalidation is never served.
/// </remarks>
public sealed partial class TwoLevelCache<TValue> : IDisposable where TValue : class
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);

    /// <summary>The in-memory level's lifetime: long enough to absorb a hot entry's reads, short as a safety net.</summary>
    public static readonly TimeSpan LocalTimeToLive = TimeSpan.FromSeconds(10);

    private const int LocalCapacity = 20_000;
    private static readonly RedisValue Tombstone = "deleted";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _name;
    private readonly IConnectionMultiplexer _redis;
    private readonly CacheInvalidations _invalidations;
    private readonly CacheMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly MemoryCache _local = new(new MemoryCacheOptions { SizeLimit = LocalCapacity });
    private long _generation;
    private volatile bool _subscribed;

    public TwoLevelCache(string name, IConnectionMultiplexer redis, CacheMetrics metrics, ILoggerFactory loggers)
    {
        _name = name;
        _redis = redis;
        _metrics = metrics;
        _logger = loggers.CreateLogger<TwoLevelCache<TValue>>();
        _invalidations = new CacheInvalidations(name, redis, metrics, loggers.CreateLogger<CacheInvalidations>());
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

    /// <summary>Hit (with the value, or null for a removed one), or miss.</summary>
    public async Task<(bool Hit, TValue? Value)> GetAsync(string key)
    {
        if (!_pending.IsEmpty)
        {
            await FlushPendingAsync();
        }

        if (!_redis.IsConnected || _pending.ContainsKey(key))
        {
            _metrics.Lookup(_name, "unavailable", "redis");
            return (false, null);
        }

        if (_subscribed && _local.TryGetValue(key, out TValue? local))
        {
            _metrics.Lookup(_name, "hit", "memory");
            return (true, local);
        }

        var generation = Interlocked.Read(ref _generation);
        try
        {
            var value = await _redis.GetDatabase().StringGetAsync(Key(key));
            if (value.IsNull)
            {
                _metrics.Lookup(_name, "miss", "redis");
                return (false, null);
            }

            _metrics.Lookup(_name, "hit", "redis");
            if (value == Tombstone)
            {
                return (true, null);
            }

            var entry = JsonSerializer.Deserialize<TValue>((byte[])value!, Json);
            if (entry is not null && _subscribed && Interlocked.Read(ref _generation) == generation)
            {
                _local.Set(key, entry, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = LocalTimeToLive, Size = 1 });
            }

            return (true, entry);
        }
        catch (Exception e) when (e is RedisException or JsonException)
        {
            _metrics.Lookup(_name, "error", "redis");
            LogCacheFailed(_logger, _name, "read", e);
            return (false, null);
        }
    }

    /// <summary>After a read from the database: fill the entry unless a writer already did.</summary>
    public async Task FillAsync(string key, TValue value)
    {
        if (!_pending.ContainsKey(key))
        {
            await SetAsync(key, Serialize(value), When.NotExists);
        }
    }

    /// <summary>After a committed create or update: returns once every instance dropped its old copy.</summary>
    public Task WriteThroughAsync(string key, TValue value) => WriteAsync(key, Serialize(value));

    /// <summary>After a committed removal: remember the absence, so a racing reader cannot revive the entry.</summary>
    public Task MarkDeletedAsync(string key) => WriteAsync(key, Tombstone);

    public void Dispose() => _local.Dispose();

    private async Task WriteAsync(string key, RedisValue value)
    {
        Forget(key); // this instance at once; the others when the message below reaches them
        if (!await SetAsync(key, value, When.Always) || !await _invalidations.PublishAsync(key))
        {
            _pending.TryAdd(key, 0);
        }

        Forget(key); // again: a read of this instance that got the old value during the write must not keep it
    }

    private async Task<bool> SetAsync(string key, RedisValue value, When when)
    {
        if (!_redis.IsConnected)
        {
            return false;
        }

        try
        {
            await _redis.GetDatabase().StringSetAsync(Key(key), value, TimeToLive, when);
            return true;
        }
        catch (RedisException e)
        {
            LogCacheFailed(_logger, _name, "write", e);
            return false;
        }
    }

    private async Task FlushPendingAsync()
    {
        foreach (var key in _pending.Keys)
        {
            try
            {
                await _redis.GetDatabase().KeyDeleteAsync(Key(key));
                if (!await _invalidations.PublishAsync(key))
                {
                    return;
                }

                _pending.TryRemove(key, out _);
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
            LogCacheFailed(_logger, _name, "subscription", e);
        }
    }

    private void Forget(string key)
    {
        Interlocked.Increment(ref _generation);
        _local.Remove(key);
    }

    private void ForgetLocal()
    {
        Interlocked.Increment(ref _generation);
        _local.Clear();
    }

    private RedisKey Key(string key) => CacheNames.Key(_name, key);

    private static byte[] Serialize(TValue value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache {Cache}: {Operation} failed; serving from the database")]
    private static partial void LogCacheFailed(ILogger logger, string cache, string operation, Exception exception);
}
