using Backend.Testing;
using Orders.Service.Data;
using ServiceDefaults.Outbox;

namespace Orders.Service.Tests;

/// <summary>The relay's wake-up after commits: prompt, one per burst, and cheap on a busy service.</summary>
public sealed class OutboxSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_of_commits_wakes_the_relay_once_without_throwing_and_a_later_commit_wakes_it_again()
    {
        using var signal = new OutboxSignal<OrdersDb>();
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is SemaphoreFullException)
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            // A busy service commits every few milliseconds while the relay is still draining the previous batch.
            Parallel.For(0, 1000, _ => signal.Notify());
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown); // every commit notifies: no exception thrown and caught on that path
        await signal.WaitAsync(Patience, Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct); // woken at once

        // One drain covers the whole burst: no second wake-up is left over from it...
        var next = signal.WaitAsync(Patience, Ct);
        await Consistently.TrueAsync(() => !next.IsCompleted, TimeSpan.FromMilliseconds(200), "no second wake-up is left over from the burst",
            TimeSpan.FromMilliseconds(10), Ct);

        // ...and the next commit wakes the relay again.
        signal.Notify();
        await next.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }
}
