using Orders.Service.Orders;

namespace Unit.Tests.Orders;

public sealed class OrderStateMachineTests
{
    private static readonly DateTimeOffset PlacedAt = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = PlacedAt.AddHours(5);

    /// <summary>Every (from, to) pair: pending → confirmed → shipped; pending or confirmed → cancelled; nothing else.</summary>
    public static TheoryData<OrderStatus, OrderStatus, bool> Transitions => new()
    {
        { OrderStatus.Pending, OrderStatus.Pending, false },
        { OrderStatus.Pending, OrderStatus.Confirmed, true },
        { OrderStatus.Pending, OrderStatus.Shipped, false },
        { OrderStatus.Pending, OrderStatus.Cancelled, true },
        { OrderStatus.Confirmed, OrderStatus.Pending, false },
        { OrderStatus.Confirmed, OrderStatus.Confirmed, false },
        { OrderStatus.Confirmed, OrderStatus.Shipped, true },
        { OrderStatus.Confirmed, OrderStatus.Cancelled, true },
        { OrderStatus.Shipped, OrderStatus.Pending, false },
        { OrderStatus.Shipped, OrderStatus.Confirmed, false },
        { OrderStatus.Shipped, OrderStatus.Shipped, false },
        { OrderStatus.Shipped, OrderStatus.Cancelled, false },
        { OrderStatus.Cancelled, OrderStatus.Pending, false },
        { OrderStatus.Cancelled, OrderStatus.Confirmed, false },
        { OrderStatus.Cancelled, OrderStatus.Shipped, false },
        { OrderStatus.Cancelled, OrderStatus.Cancelled, false },
    };

    [Fact]
    public void The_table_covers_every_pair_of_statuses()
    {
        var statuses = Enum.GetValues<OrderStatus>();
        var pairs = Transitions.Select(row => (row.Data.Item1, row.Data.Item2)).ToHashSet();

        Assert.Equal(statuses.Length * statuses.Length, pairs.Count);
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void An_order_moves_only_along_the_allowed_transitions(OrderStatus from, OrderStatus to, bool allowed)
    {
        var order = OrderIn(from);

        var moved = order.TryMoveTo(to, Later);

        Assert.Equal(allowed, moved);
        Assert.Equal(allowed ? to : from, order.Status);
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void The_last_change_time_moves_only_when_the_status_does(OrderStatus from, OrderStatus to, bool allowed)
    {
        var order = OrderIn(from);
        var before = order.UpdatedAt;

        order.TryMoveTo(to, Later);

        Assert.Equal(allowed ? Later : before, order.UpdatedAt);
        Assert.Equal(PlacedAt, order.CreatedAt);
    }

    [Fact]
    public void A_shipped_order_cannot_be_cancelled()
    {
        var order = OrderIn(OrderStatus.Shipped);

        Assert.False(order.TryMoveTo(OrderStatus.Cancelled, Later));
        Assert.Equal(OrderStatus.Shipped, order.Status);
    }

    [Fact]
    public void A_pending_order_cannot_skip_confirmation_and_ship()
    {
        var order = OrderIn(OrderStatus.Pending);

        Assert.False(order.TryMoveTo(OrderStatus.Shipped, Later));
        Assert.Equal(OrderStatus.Pending, order.Status);
    }

    [Fact]
    public void A_cancelled_order_stays_cancelled()
    {
        var order = OrderIn(OrderStatus.Cancelled);

        Assert.All(Enum.GetValues<OrderStatus>(), next => Assert.False(order.TryMoveTo(next, Later)));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    /// <summary>An order placed at <see cref="PlacedAt"/> and brought to <paramref name="status"/> by allowed moves.</summary>
    private static Order OrderIn(OrderStatus status)
    {
        var order = Order.Place(Guid.NewGuid(), 1, "EUR", OrderLines.One(), PlacedAt);
        OrderStatus[] path = status switch
        {
            OrderStatus.Pending => [],
            OrderStatus.Confirmed => [OrderStatus.Confirmed],
            OrderStatus.Shipped => [OrderStatus.Confirmed, OrderStatus.Shipped],
            OrderStatus.Cancelled => [OrderStatus.Cancelled],
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };
        foreach (var step in path)
        {
            // Same time as the placement, so a test can tell whether its own move changed UpdatedAt.
            Assert.True(order.TryMoveTo(step, PlacedAt));
        }

        Assert.Equal(status, order.Status);
        return order;
    }
}
