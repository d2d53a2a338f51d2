using Microsoft.EntityFrameworkCore;

namespace ServiceDefaults.Outbox;

/// <summary>Wakes the relay as soon as a transaction holding new outbox messages commits.</summary>
public sealed class OutboxSignal<TDbContext> : IDisposable where TDbContext : DbContext
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    // 1 while a wake-up is pending. Only its 0 -> 1 transition releases the semaphore, so a busy service (a
    // commit every few milliseconds) neither overfills it nor throws and catches an exception per commit.
    private int _pending;

    public void Notify()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Waits for a commit (or the timeout). With several relay loops waiting, a commit wakes one of them.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await _wake.WaitAsync(timeout, cancellationToken))
        {
            // Cleared before the relay drains: a commit from now on signals again, and one before is in the drain.
            Volatile.Write(ref _pending, 0);
        }
    }

    public void Dispose() => _wake.Dispose();
}
