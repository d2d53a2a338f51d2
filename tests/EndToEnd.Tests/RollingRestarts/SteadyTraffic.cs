using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Backend.Testing;

namespace EndToEnd.Tests.RollingRestarts;

/// <summary>
/// A steady stream of client requests through the gateway, none of them retried by the client: catalog reads
/// (anonymous), profile reads and orders (each with its own Idempotency-Key) by verified customers, and the identity
/// provider's discovery document. Every request is recorded; one counts as failed unless it got a success, or the
/// business answer it may get (409 for an order: out of stock).
/// </summary>
public sealed class SteadyTraffic(Uri gateway, IReadOnlyList<SignedInUser> customers, string sku, Stopwatch clock)
{
    private readonly ConcurrentQueue<TrafficSample> _samples = new();
    private readonly ConcurrentQueue<PlacedOrder> _orders = new();

    public IReadOnlyCollection<TrafficSample> Samples => _samples;

    public IReadOnlyCollection<PlacedOrder> Orders => _orders;

    /// <summary>Sends until <paramref name="stop"/> is cancelled: a few tens of requests a second in all.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var anonymous = new ApiClient(gateway);
        var clients = customers.Select(c => new ApiClient(gateway, c.AccessToken)).ToList();
        try
        {
            var loops = new List<Task>
            {
                LoopAsync(TimeSpan.FromMilliseconds(100), i => SendAsync(anonymous, "GET /products",
                    HttpMethod.Get, i % 2 == 0 ? "/api/v1/products?limit=20" : $"/api/v1/products/{sku}", null, null), stop),
                LoopAsync(TimeSpan.FromMilliseconds(100), i => SendAsync(clients[i % clients.Count], "GET /users/me",
                    HttpMethod.Get, "/api/v1/users/me", null, null), stop),
                LoopAsync(TimeSpan.FromMilliseconds(250), _ => SendAsync(anonymous, "GET /.well-known",
                    HttpMethod.Get, "/.well-known/openid-configuration", null, null), stop),
            };
            loops.AddRange(clients.Select((client, c) => LoopAsync(TimeSpan.FromMilliseconds(1200), _ => SendAsync(client, "POST /orders",
                HttpMethod.Post, "/api/v1/orders", JsonSerializer.Serialize(Shop.Order((sku, 1)), ApiClient.Json), customers[c].Email), stop)));
            await Task.WhenAll(loops);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static Task LoopAsync(TimeSpan pause, Func<int, Task> send, CancellationToken stop) => Task.Run(async () =>
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            await send(i);
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }, CancellationToken.None);

    /// <summary>One request, recorded; <paramref name="customerEmail"/> marks an order (sent with a fresh Idempotency-Key).</summary>
    private async Task SendAsync(ApiClient client, string kind, HttpMethod method, string path, string? body, string? customerEmail)
    {
        var sentAt = clock.Elapsed;
        try
        {
            using var response = await client.SendAsync(method, path, body,
                headers: customerEmail is null ? [] : [("Idempotency-Key", Guid.NewGuid().ToString())]);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var business = customerEmail is not null && response.StatusCode == HttpStatusCode.Conflict;
            _samples.Enqueue(new TrafficSample(kind, sentAt, clock.Elapsed - sentAt, status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                !response.IsSuccessStatusCode && !business, response.IsSuccessStatusCode ? null : Truncate(text)));
            if (customerEmail is not null && response.StatusCode == HttpStatusCode.Created)
            {
                using var order = JsonDocument.Parse(text);
                _orders.Enqueue(new PlacedOrder(order.RootElement.GetProperty("id").GetString()!, order.RootElement.GetProperty("number").GetInt64(), customerEmail));
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _samples.Enqueue(new TrafficSample(kind, sentAt, clock.Elapsed - sentAt, "transport error", true, $"{e.GetType().Name}: {e.Message}"));
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
