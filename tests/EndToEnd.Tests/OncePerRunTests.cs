using AppHost.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>The AppHost's once-per-run set-up (database roles, broker users): kept once done, tried again after a failure.</summary>
public sealed class OncePerRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Work_done_once_is_not_done_again_however_often_it_is_asked_for()
    {
        var once = new OncePerRun();
        var runs = 0;

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => once.RunAsync(() => { Interlocked.Increment(ref runs); return Task.CompletedTask; }, Ct)));
        await once.RunAsync(() => { Interlocked.Increment(ref runs); return Task.CompletedTask; }, Ct);

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_server_that_drops_the_first_attempts_is_set_up_on_a_retry()
    {
        var once = new OncePerRun();
        var attempts = 0;

        await once.RunAsync(() => ++attempts < 3 ? throw new InvalidOperationException("connection dropped") : Task.CompletedTask, Ct);

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_failure_past_the_retries_is_reported_and_the_next_call_tries_again()
    {
        var once = new OncePerRun();
        var failing = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => once.RunAsync(() => failing ? throw new InvalidOperationException("down") : Task.CompletedTask, Ct));
        failing = false;
        await once.RunAsync(() => failing ? throw new InvalidOperationException("down") : Task.CompletedTask, Ct);
    }
}
