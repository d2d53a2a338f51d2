using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Backend.Testing;

namespace EndToEnd.Tests.Faults;

/// <summary>
/// A customer placing orders for one product (<paramref name="sku"/>, plenty in stock) through the gateway, steadily,
/// as a well-behaved client does: each order has its own Idempotency-Key, and a 503/504/409 or a dropped connection
/// is retried with the same key until the order is accepted. Every answer is checked for what a client must never see: a 500 (or another 5xx that is
/// not "try again"), an error that is not problem+json, a stack trace.
/// </summary>
public sealed class SteadyCustomer(ApiClient api, Stopwatch clock, string sku)
{
    private readonly ConcurrentBag<AcceptedOrder> _accepted = [];
    private readonly ConcurrentBag<string> _violations = [];
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private int _abandoned;

    public IReadOnlyCollection<AcceptedOrder> Accepted => _accepted;

    /// <summary>Answers a client must never get, each described.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>How many answers of each kind ("201", "503", "transport error" …) the stream got.</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;

    /// <summary>Orders the client gave up on (no 201 within the retry budget).</summary>
    public int Abandoned => _abandoned;

    /// <summary>Places orders with <paramref name="clients"/> concurrent clients until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(int clients, TimeSpan pause, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await PlaceAsync($"client {client}, order {i}");
                try
                {
                    await Task.Delay(pause, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        })));

    private async Task PlaceAsync(string label)
    {
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(Shop.Order((sku, 1)), ApiClient.Json);
        var firstSentAt = clock.Elapsed;
        var giveUpAt = firstSentAt + TimeSpan.FromSeconds(120);
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; clock.Elapsed < giveUpAt; attempt++)
        {
            try
            {
                using var response = await api.SendAsync(HttpMethod.Post, "/api/v1/orders", body, headers: [("Idempotency-Key", key)]);
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                _answers.AddOrUpdate(status.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                Inspect(status, response.Content.Headers.ContentType?.MediaType, text, body);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    using var order = JsonDocument.Parse(text);
                    _accepted.Add(new AcceptedOrder(order.RootElement.GetProperty("id").GetString()!, order.RootElement.GetProperty("number").GetInt64(),
                        firstSentAt, clock.Elapsed, attempt));
                    return;
                }

                if (status is not (503 or 504 or 409))
                {
                    return; // nothing a retry would fix; Inspect recorded it
                }
            }
            catch (HttpRequestException e)
            {
                _answers.AddOrUpdate("transport error", 1, (_, n) => n + 1);
                _violations.Add($"{label}: the gateway dropped the connection ({e.Message})");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }

        Interlocked.Increment(ref _abandoned);
    }

    private void Inspect(int status, string? mediaType, string body, string sent)
    {
        if (status >= 500 && status is not (503 or 504))
        {
            _violations.Add($"{status}: {Truncate(body)}");
        }

        if (status >= 400 && ProblemAssert.Violations(status, mediaType, body).FirstOrDefault() is { } broken)
        {
            _violations.Add($"{status} is not a proper problem ({broken}): {Truncate(body)}");
        }

        if (Hostile.HostileVerdicts.InternalDetailsIn(body, status, sent).FirstOrDefault() is { } leak)
        {
            _violations.Add($"{status} shows internals ('{leak}'): {Truncate(body)}");
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
