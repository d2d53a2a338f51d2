using Orders.Service.Customers;
using ServiceDefaults.Api;

namespace Orders.Service.Orders;

/// <summary>
/// How much one customer may order (configuration section <c>Orders:Limits</c>), so that one account cannot take the
/// shop's stock or its email capacity by itself: at most <see cref="MaxPendingOrders"/> orders waiting for
/// confirmation, and at most <see cref="MaxOrdersPerMinute"/> new orders in a minute. The counts live on the
/// customer's row and change in the order's transaction, so they hold across every instance.
/// </summary>
public sealed class OrderLimits
{
    public const string Section = "Orders:Limits";

    /// <summary>The window <see cref="MaxOrdersPerMinute"/> counts in (fixed, starting at the customer's first order in it).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public int MaxPendingOrders { get; set; } = 20;

    public int MaxOrdersPerMinute { get; set; } = 10;

    /// <summary>What Retry-After says when the pending cap is reached (an order leaves pending when an admin confirms it or it is cancelled).</summary>
    public TimeSpan PendingRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The refusal for an order that would go over a limit (<paramref name="counts"/> include it), or null.</summary>
    public Failure? Check(CustomerCounts counts, DateTimeOffset now)
    {
        if (counts.OrdersInWindow > MaxOrdersPerMinute)
        {
            var wait = counts.OrderWindowStartedAt + Window - now;
            return Failure.TooManyRequests("Too many orders.",
                $"At most {MaxOrdersPerMinute} orders a minute per customer. Try again in {Math.Ceiling(Math.Max(1, wait.TotalSeconds))} s.",
                wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1));
        }

        return counts.PendingOrders > MaxPendingOrders
            ? Failure.TooManyRequests("Too many pending orders.",
                $"At most {MaxPendingOrders} orders per customer may wait for confirmation. Cancel one, or wait until the shop confirms them.", PendingRetryAfter)
            : null;
    }
}
