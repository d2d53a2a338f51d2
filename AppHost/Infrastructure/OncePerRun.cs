namespace AppHost.Infrastructure;

/// <summary>
/// Set-up work for a resource that must be done once per AppHost run but is asked for at every "ready" event (after
/// a restart, and by each waiter): callers share the attempt in flight, a success is kept, and a failure is tried
/// again by the next caller. Each attempt retries a few times, for a server that has just come up may still drop its
/// first connections.
/// </summary>
public sealed class OncePerRun
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly Lock _lock = new();
    private Task? _attempt;

    public Task RunAsync(Func<Task> work, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_attempt is null || _attempt.IsFaulted || _attempt.IsCanceled)
            {
                _attempt = WithRetriesAsync(work, ct);
            }

            return _attempt;
        }
    }

    private static async Task WithRetriesAsync(Func<Task> work, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await work();
                return;
            }
            catch (Exception) when (attempt < Backoff.Length && !ct.IsCancellationRequested)
            {
                await Task.Delay(Backoff[attempt], ct);
            }
        }
    }
}
