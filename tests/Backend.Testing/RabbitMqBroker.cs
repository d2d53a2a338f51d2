using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using RabbitMQ.Client;

namespace Backend.Testing;

/// <summary>The test's view of RabbitMQ: raw AMQP (publish anything, peek into queues) and the management API.</summary>
public sealed class RabbitMqBroker(Uri amqp, Uri management) : IDisposable
{
    private readonly HttpClient _management = CreateManagementClient(amqp, management);

    /// <summary>The "messaging" resource of a running app.</summary>
    public static async Task<RabbitMqBroker> OfAsync(BackendApp app) => new(
        new Uri(await app.ConnectionStringAsync("messaging") ?? throw new InvalidOperationException("No messaging connection string.")),
        app.Endpoint("messaging", "management"));

    public Uri Amqp { get; } = amqp;

    /// <summary>The connection string of a virtual host of this broker.</summary>
    public string ConnectionString(string virtualHost = "/") =>
        new UriBuilder(Amqp) { Path = virtualHost == "/" ? "/" : "/" + Uri.EscapeDataString(virtualHost) }.Uri.AbsoluteUri;

    /// <summary>A virtual host of its own (exchanges, queues), so that a second worker never takes the first one's messages.</summary>
    public async Task<string> CreateVirtualHostAsync(string name, CancellationToken cancellationToken)
    {
        using var created = await _management.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null, cancellationToken);
        created.EnsureSuccessStatusCode();
        var user = Uri.UnescapeDataString(Amqp.UserInfo.Split(':', 2)[0]);
        using var permitted = await _management.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" }, cancellationToken);
        permitted.EnsureSuccessStatusCode();
        return ConnectionString(name);
    }

    /// <summary>
    /// Closes every client connection to the virtual host, as the broker going away does from the clients' point of
    /// view (they reconnect; what they had not acknowledged is delivered again), without disturbing other virtual hosts.
    /// </summary>
    /// <remarks>The management API lists connections from statistics refreshed every few seconds: waits up to 15 s for some to show.</remarks>
    public async Task<int> CloseConnectionsAsync(string virtualHost, CancellationToken cancellationToken)
    {
        var connections = await Eventually.ValueAsync(async () =>
        {
            using var listed = await _management.GetAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}/connections", cancellationToken);
            listed.EnsureSuccessStatusCode();
            return await listed.Content.ReadFromJsonAsync<List<NamedConnection>>(cancellationToken) ?? [];
        }, listed => listed.Count > 0, TimeSpan.FromSeconds(15), $"the management API lists a connection to {virtualHost}", TimeSpan.FromMilliseconds(250), cancellationToken);

        foreach (var connection in connections)
        {
            using var closed = await _management.DeleteAsync($"api/connections/{Uri.EscapeDataString(connection.Name)}", cancellationToken);
            closed.EnsureSuccessStatusCode();
        }

        return connections.Count;
    }

    private sealed record NamedConnection([property: JsonPropertyName("name")] string Name);

    /// <summary>A queue's message counts as the management API reports them (refreshed every few seconds).</summary>
    public async Task<QueueCounts> QueueAsync(string queue, string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        var counts = await _management.GetFromJsonAsync<QueueCounts>(
            $"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}", cancellationToken);
        return counts ?? throw new InvalidOperationException($"No queue {queue}.");
    }

    /// <summary>
    /// Waits until a queue holds nothing: no message ready, none delivered and not yet acknowledged. By the management
    /// API, whose statistics are refreshed every few seconds: call it once what it waits for has been seen to happen.
    /// </summary>
    public Task WaitUntilEmptyAsync(string queue, TimeSpan timeout, string virtualHost = "/", CancellationToken cancellationToken = default) =>
        Eventually.ValueAsync(() => QueueAsync(queue, virtualHost, cancellationToken), counts => counts is { Ready: 0, Unacknowledged: 0 }, timeout,
            $"{queue} is empty and every delivery acknowledged", TimeSpan.FromMilliseconds(500), cancellationToken);

    /// <summary>How many consumers take from a queue (one per worker instance), as the management API reports it.</summary>
    public async Task<int> ConsumersAsync(string queue, string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        using var response = await _management.GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return json.RootElement.GetProperty("consumers").GetInt32();
    }

    /// <summary>A queue's type ("classic", "quorum"), as the management API reports it.</summary>
    public async Task<string> QueueTypeAsync(string queue, string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        using var response = await _management.GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return json.RootElement.GetProperty("type").GetString() ?? "";
    }

    /// <summary>Publishes raw bytes to an exchange, as a broken or foreign publisher would.</summary>
    public async Task PublishRawAsync(string exchange, string body, string contentType, string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(virtualHost, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var properties = new BasicProperties { ContentType = contentType, MessageId = Guid.NewGuid().ToString(), Persistent = true };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(body), cancellationToken);
    }

    /// <summary>Puts raw bytes straight into a queue (through the default exchange), e.g. a message into an error queue.</summary>
    public async Task SendRawToQueueAsync(string queue, string body, string contentType, string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(virtualHost, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var properties = new BasicProperties { ContentType = contentType, MessageId = Guid.NewGuid().ToString(), Persistent = true };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes(body), cancellationToken);
    }

    /// <summary>Deletes a queue (and so its bindings), as if its consumer had never started.</summary>
    public async Task DeleteQueueAsync(string queue, string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(virtualHost, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The messages now in a queue, without taking them: they are fetched unacknowledged and return to the queue
    /// when the channel closes.
    /// </summary>
    public async Task<IReadOnlyList<QueuedMessage>> PeekAsync(string queue, string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(virtualHost, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var messages = new List<QueuedMessage>();
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } result)
            {
                var headers = (result.BasicProperties.Headers ?? new Dictionary<string, object?>())
                    .ToDictionary(h => h.Key, h => h.Value switch
                    {
                        byte[] bytes => Encoding.UTF8.GetString(bytes),
                        null => "",
                        var other => other.ToString() ?? "",
                    });
                messages.Add(new QueuedMessage(Encoding.UTF8.GetString(result.Body.Span), headers));
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // No such queue (yet): nothing in it.
        }

        return messages;
    }

    /// <summary>Polls a queue until a message matching <paramref name="match"/> is in it.</summary>
    public async Task<QueuedMessage> WaitForMessageAsync(string queue, Func<QueuedMessage, bool> match, TimeSpan timeout,
        string virtualHost = "/", CancellationToken cancellationToken = default)
    {
        var found = await Eventually.ValueAsync(async () => (await PeekAsync(queue, virtualHost, cancellationToken)).FirstOrDefault(match),
            message => message is not null, timeout, $"a matching message in {queue}", TimeSpan.FromMilliseconds(250), cancellationToken);
        return found!;
    }

    private async Task<IConnection> ConnectAsync(string virtualHost, CancellationToken cancellationToken) =>
        await new ConnectionFactory { Uri = new Uri(ConnectionString(virtualHost)) }.CreateConnectionAsync(cancellationToken);

    private static HttpClient CreateManagementClient(Uri amqp, Uri management)
    {
        var credentials = amqp.UserInfo.Split(':', 2).Select(Uri.UnescapeDataString).ToArray();
        var client = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials[0]}:{credentials[1]}")));
        return client;
    }

    public void Dispose() => _management.Dispose();
}
