using Orders.Service.Customers;
using Orders.Service.Orders;
using ServiceDefaults.Api;

namespace Unit.Tests.Orders;

public sealed class OrderLimitsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static readonly OrderLimits Limits = new() { MaxPendingOrders = 3, MaxOrdersPerMinute = 2, PendingRetryAfter = TimeSpan.FromMinutes(4) };

    private static CustomerCounts Counts(int pending, int inWindow, DateTimeOffset windowStart) =>
        new(Deleted: false, pending, inWindow, windowStart);

    [Fact]
    public void Orders_within_both_limits_pass()
    {
        Assert.Null(Limits.Check(Counts(pending: 3, inWindow: 2, Now.AddSeconds(-5)), Now));
    }

    [Fact]
    public void One_order_too_many_in_the_minute_waits_until_the_window_closes()
    {
        var failure = Limits.Check(Counts(pending: 1, inWindow: 3, Now.AddSeconds(-20)), Now);

        Assert.Equal(FailureKind.TooManyRequests, failure?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(40), failure!.RetryAfter);
        Assert.Contains("2 orders a minute", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void One_pending_order_too_many_waits_the_configured_time()
    {
        var failure = Limits.Check(Counts(pending: 4, inWindow: 1, Now), Now);

        Assert.Equal(FailureKind.TooManyRequests, failure?.Kind);
        Assert.Equal(TimeSpan.FromMinutes(4), failure!.RetryAfter);
        Assert.Contains("3 orders", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_that_just_closed_still_asks_for_a_positive_wait()
    {
        var failure = Limits.Check(Counts(pending: 1, inWindow: 3, Now - OrderLimits.Window), Now);

        Assert.True(failure!.RetryAfter > TimeSpan.Zero);
    }
}
