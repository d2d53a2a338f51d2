using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ServiceDefaults.Caching;

/// <summary>
/// Tells every instance to drop its in-memory copy of an entry of one cache, and waits until each one has: a
/// writer answers its client only after every instance subscribed to the channel confirmed, so a read that
/// follows the write, on whichever instance, cannot be served the old copy.
/// </summary>
/// <remarks>
/// PUBLISH answers with the number of subscribers it reached; each of them drops its copy and then
/// acknowledges on the writer's own channel, so the writer knows when all of them are done. An instance
/// that does not answer within <see cref="AcknowledgementTimeout"/> (paused, overloaded) is logged and the
/// write completes anyway: the local level's short lifetime bounds what that instance can still serve.
/// Anything else subscribed to the channel (a redis-cli SUBSCRIBE left running) would make every write wait
/// out the timeout; the warning names the shortfall.
/// </remarks>
public sealed partial class CacheInvalidations(string name, IConnectionMultiplexer redis, CacheMetrics metrics, ILogger<CacheInvalidations> logger)
{
    public static readonly TimeSpan AcknowledgementTimeout = TimeSpan.FromSeconds(1);

    private readonly RedisChannel _channel = RedisChannel.Literal(CacheNames.InvalidationChannel(name));
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<long, Acknowledgements> _waiting = new();
    private long _sequence;

    private RedisChannel AcknowledgementsTo(string instance) => RedisChannel.Literal(CacheNames.AcknowledgementChannel(name, instance));

    /// <summary>Subscribes to the invalidations (calling <paramref name="forget"/> for each) and to this instance's acknowledgements.</summary>
    public async Task SubscribeAsync(Action<string> forget)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(AcknowledgementsTo(_instance), (_, message) =>
        {
            if (long.TryParse(message.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                Acknowledge(sequence);
            }
        });
        await subscriber.SubscribeAsync(_channel, (_, message) =>
        {
            // "<writer instance>:<sequence>:<key>" (the key last: it may contain ':')
            var parts = message.ToString().Split(':', 3);
            if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return;
            }

            forget(parts[2]);
            if (parts[0] == _instance)
            {
                Acknowledge(sequence);
            }
            else
            {
                subscriber.Publish(AcknowledgementsTo(parts[0]), parts[1], CommandFlags.FireAndForget);
            }
        });
    }

    public bool IsSubscribed => redis.GetSubscriber().IsConnected(_channel);

    /// <summary>Publishes the invalidation and waits for every instance to confirm it; false when Redis could not be reached.</summary>
    public async Task<bool> PublishAsync(string key)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var acknowledgements = new Acknowledgements();
        _waiting[sequence] = acknowledgements; // before publishing: the first acknowledgements can come back before PUBLISH's answer
        try
        {
            var receivers = await redis.GetSubscriber().PublishAsync(_channel, $"{_instance}:{sequence.ToString(CultureInfo.InvariantCulture)}:{key}");
            acknowledgements.Expect(receivers);
            if (!await acknowledgements.CompleteWithin(AcknowledgementTimeout))
            {
                metrics.UnconfirmedInvalidation(name);
                LogUnconfirmed(logger, name, key, receivers - acknowledgements.Count, receivers, AcknowledgementTimeout.TotalMilliseconds);
            }

            return true;
        }
        catch (RedisException e)
        {
            LogPublishFailed(logger, name, key, e);
            return false;
        }
        finally
        {
            _waiting.TryRemove(sequence, out _);
        }
    }

    private void Acknowledge(long sequence)
    {
        if (_waiting.TryGetValue(sequence, out var acknowledgements))
        {
            acknowledgements.Add();
        }
    }

    private sealed class Acknowledgements
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _count;
        private long _expected = long.MaxValue;

        public long Count => Interlocked.Read(ref _count);

        public void Add()
        {
            if (Interlocked.Increment(ref _count) >= Interlocked.Read(ref _expected))
            {
                _all.TrySetResult();
            }
        }

        public void Expect(long receivers)
        {
            Interlocked.Exchange(ref _expected, receivers);
            if (Count >= receivers)
            {
                _all.TrySetResult();
            }
        }

        public async Task<bool> CompleteWithin(TimeSpan timeout)
        {
            try
            {
                await _all.Task.WaitAsync(timeout);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalidation of {Cache} entry {Key}: {Missing} of {Receivers} instances did not confirm within {TimeoutMs} ms; their in-memory copy may be served until it expires")]
    private static partial void LogUnconfirmed(ILogger logger, string cache, string key, long missing, long receivers, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalidation of {Cache} entry {Key} could not be published; served from the database until Redis answers")]
    private static partial void LogPublishFailed(ILogger logger, string cache, string key, Exception exception);
}
