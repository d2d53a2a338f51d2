using System.Collections.Concurrent;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Backend.Testing;

/// <summary>
/// Listens to an exchange the way a consumer would, with its own durable queue (it survives a broker
/// restart), to count what was really published: exactly once, at least once, nothing lost.
/// </summary>
public sealed class BrokerProbe : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private readonly ConcurrentQueue<BrokerMessage> _received = new();

    private BrokerProbe(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public IReadOnlyCollection<BrokerMessage> Received => _received;

    /// <param name="exchange">The message's exchange: its URN without "urn:message:" (e.g. backend:orders:order-placed:v1).</param>
    public static async Task<BrokerProbe> ListenAsync(string amqpUri, string exchange, CancellationToken ct = default)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(amqpUri),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
        };
        var connection = await factory.CreateConnectionAsync(ct);
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var queue = $"test-probe-{Guid.NewGuid():N}";
        // Same shape as MassTransit declares it (fanout, durable), so whoever comes first is fine.
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.QueueBindAsync(queue, exchange, routingKey: "", cancellationToken: ct);

        var probe = new BrokerProbe(connection, channel, queue);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var root = envelope.RootElement;
            if (root.TryGetProperty("messageType", out var kind) && kind.ValueKind == JsonValueKind.Array && kind.GetArrayLength() == 1
                && kind[0].GetString() == MarkerType && Guid.TryParse(root.GetProperty("messageId").GetString(), out var marker))
            {
                probe._markers[marker] = 0;
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                return;
            }

            probe._received.Enqueue(new BrokerMessage(
                root.TryGetProperty("messageId", out var id) && Guid.TryParse(id.GetString(), out var messageId) ? messageId : null,
                root.TryGetProperty("messageType", out var types) ? [.. types.EnumerateArray().Select(t => t.GetString()!)] : [],
                root.GetProperty("message").Clone(),
                DateTimeOffset.UtcNow,
                delivery.Redelivered));
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);
        return probe;
    }

    /// <summary>Waits until <paramref name="count"/> messages match, or the timeout; returns the matches seen.</summary>
    public async Task<IReadOnlyList<BrokerMessage>> WaitForAsync(Func<BrokerMessage, bool> match, int count, TimeSpan timeout, CancellationToken ct = default)
    {
        await Eventually.WithinAsync(() => _received.Count(match) >= count, timeout, ct: ct);
        return _received.Where(match).ToList();
    }

    /// <summary>
    /// Waits until the probe has received everything routed to its queue so far: puts a marker at the end of the queue
    /// (through the default exchange) and waits for it. The queue is FIFO with one consumer, so a copy published before
    /// this call (a duplicate included) has been received once the marker has.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var marker = Guid.NewGuid();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { messageId = marker, messageType = new[] { MarkerType }, message = new { } });
        await _channel.BasicPublishAsync("", _queue, mandatory: true, new BasicProperties { MessageId = marker.ToString() }, body, ct);
        await Eventually.TrueAsync(() => _markers.ContainsKey(marker), timeout, $"the probe's marker {marker} came back through {_queue}", ct: ct);
    }

    private const string MarkerType = "urn:message:backend-testing:probe-marker";

    private readonly ConcurrentDictionary<Guid, byte> _markers = new();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.QueueDeleteAsync(_queue);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException or IOException)
        {
            // The broker is down or gone: nothing left to clean.
        }

        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
