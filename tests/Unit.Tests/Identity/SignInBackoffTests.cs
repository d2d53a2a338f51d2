using Identity.Service.SignInThrottling;
using Microsoft.Extensions.Time.Testing;

namespace Unit.Tests.Identity;

public sealed class SignInBackoffTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    private readonly BackoffRule _rule = new SignInThrottleOptions().PerAccountAndClient;

    private DateTimeOffset? BlockedAfter(int failures) => _rule.BlockedUntil(failures, _clock.GetUtcNow(), _clock.GetUtcNow());

    [Fact]
    public void Three_failures_cost_nothing_then_each_one_doubles_the_wait_from_one_second()
    {
        Assert.Null(BlockedAfter(1));
        Assert.Null(BlockedAfter(3));
        Assert.Equal(Start + TimeSpan.FromSeconds(1), BlockedAfter(4));
        Assert.Equal(Start + TimeSpan.FromSeconds(2), BlockedAfter(5));
        Assert.Equal(Start + TimeSpan.FromSeconds(4), BlockedAfter(6));
        Assert.Equal(Start + TimeSpan.FromSeconds(64), BlockedAfter(10));
    }

    [Fact]
    public void The_wait_never_exceeds_five_minutes_however_many_failures()
    {
        Assert.Equal(Start + TimeSpan.FromMinutes(5), BlockedAfter(20));
        Assert.Equal(Start + TimeSpan.FromMinutes(5), BlockedAfter(int.MaxValue));
    }

    [Fact]
    public void Once_the_wait_is_over_the_next_attempt_goes_through()
    {
        var lastFailure = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.NotNull(_rule.BlockedUntil(6, lastFailure, _clock.GetUtcNow()));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(_rule.BlockedUntil(6, lastFailure, _clock.GetUtcNow()));
    }

    [Fact]
    public void Failures_older_than_the_window_are_forgotten()
    {
        var lastFailure = _clock.GetUtcNow();
        _clock.Advance(_rule.Window);

        Assert.Null(_rule.BlockedUntil(1000, lastFailure, _clock.GetUtcNow()));
    }

    [Fact]
    public void An_ip_gets_a_hundred_free_failures_before_it_waits()
    {
        var perIp = new SignInThrottleOptions().PerIp;

        Assert.Null(perIp.BlockedUntil(100, Start, Start));
        Assert.Equal(Start + TimeSpan.FromSeconds(1), perIp.BlockedUntil(101, Start, Start));
    }
}
