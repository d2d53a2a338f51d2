using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace Backend.Bench;

/// <summary>
/// An open-loop load: requests start at a fixed rate whether or not earlier ones have answered, as independent
/// clients arrive in production (wrk, closed-loop, only measures the saturated case). Each request is a POST of
/// a JSON body from <c>body</c>, with a bearer token taken in turn from <c>tokens</c> and an Idempotency-Key of its own.
/// </summary>
public static class PacedLoad
{
    public static async Task<LoadResult> RunAsync(string name, Uri url, IReadOnlyList<string> tokens, Func<string> body, int perSecond, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        var errors = 0L;
        var total = (int)(perSecond * duration.TotalSeconds);
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var token = tokens[i % tokens.Count];
            var jsonBody = body();
            inFlight.Add(Task.Run(async () =>
            {
                var started = clock.Elapsed;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(jsonBody, System.Text.Encoding.UTF8, "application/json") };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
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

                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            }));
        }

        await Task.WhenAll(inFlight);
        var sent = clock.Elapsed;
        var all = latencies.ToList();
        return new LoadResult(name, total / sent.TotalSeconds, BenchReport.Percentile(all, 50), BenchReport.Percentile(all, 99), total, errors);
    }
}
