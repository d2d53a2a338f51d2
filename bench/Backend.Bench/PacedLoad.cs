using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace Backend.Bench;

/// <summary>
/// An open-loop load: requests start at a fixed rate whether or not earlier ones have answered, as independent
/// clients arrive in production (wrk, closed-loop, only measures the saturated case). Each request's latency counts
/// from the time it was due, not from when this process got round to sending it: a sender running late (this
/// process shares the cores with the system) shows in the latency instead of hiding it (coordinated omission).
/// How late the sender itself ran is reported beside it. Requests share at most <see cref="Connections"/> connections
/// (as wrk's runs do): when all are busy a request waits for one, and that wait counts in its latency. Without the bound
/// a system falling behind gets a new connection per waiting request, until this process runs out of file descriptors.
/// </summary>
public static class PacedLoad
{
    public const int Connections = 32;

    /// <summary>POSTs of a JSON body from <paramref name="body"/>, with a bearer token taken in turn from <paramref name="tokens"/> and an Idempotency-Key of its own.</summary>
    public static Task<LoadResult> RunAsync(string name, Uri url, IReadOnlyList<string> tokens, Func<string> body, double perSecond, TimeSpan duration) =>
        RunAsync(name, perSecond, duration, i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body(), System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % tokens.Count]);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            return request;
        });

    /// <summary>GETs of the URL <paramref name="url"/> gives the i-th request, with one bearer token.</summary>
    public static Task<LoadResult> GetAsync(string name, Func<int, Uri> url, string token, double perSecond, TimeSpan duration) =>
        RunAsync(name, perSecond, duration, i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url(i));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        });

    private static async Task<LoadResult> RunAsync(string name, double perSecond, TimeSpan duration, Func<int, HttpRequestMessage> newRequest)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = Connections }) { Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        var lags = new ConcurrentBag<double>();
        var errors = 0L;
        var total = (int)(perSecond * duration.TotalSeconds);
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                lags.Add((clock.Elapsed - due).TotalMilliseconds);
                try
                {
                    using var request = newRequest(index);
                    using var response = await http.SendAsync(request);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add((clock.Elapsed - due).TotalMilliseconds);
            }));
        }

        await Task.WhenAll(inFlight);
        var sent = clock.Elapsed;
        var all = latencies.ToList();
        var senderLag = BenchReport.Percentile([.. lags], 99);
        return new LoadResult($"{name} (the sender's own lag p99: {senderLag:F1} ms)", total / sent.TotalSeconds,
            BenchReport.Percentile(all, 50), BenchReport.Percentile(all, 99), total, errors);
    }
}
