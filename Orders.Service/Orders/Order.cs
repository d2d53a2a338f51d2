namespace Orders.Service.Orders;

/// <summary>An order. <see cref="UserId"/> is the caller's <c>sub</c>; <see cref="Total"/> is computed from the items.</summary>
public sealed class Order
{
    public Guid Id { get; init; }

    /// <summary>A short, human-friendly number (for the confirmation email and support), from a database sequence.</summary>
    public long Number { get; init; }

    public Guid UserId { get; init; }

    public OrderStatus Status { get; private set; } = OrderStatus.Pending;

    public required string Currency { get; init; }

    public decimal Total { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Whose order it is: the customer who placed it (see <see cref="ServiceDefaults.Callers.CallerQueries"/>).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Order, Guid>> Owner = order => order.UserId;

    /// <summary>A new pending order; the total is the sum of the lines, never taken from the client.</summary>
    public static Order Place(Guid userId, long number, string currency, IEnumerable<OrderLine> lines, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var items = lines.Select((line, index) => new OrderItem
        {
            OrderId = id,
            Line = index + 1,
            Sku = line.Sku,
            Name = line.Name,
            Quantity = line.Quantity,
            UnitPrice = line.UnitPrice,
        }).ToList();
        return new Order
        {
            Id = id,
            Number = number,
            UserId = userId,
            Currency = currency,
            Items = items,
            Total = items.Sum(i => i.Quantity * i.UnitPrice),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public uint Version { get; private set; }

    /// <summary>The row version PostgreSQL gave the order when <see cref="OrderPlacement"/> wrote it with SQL, not through EF.</summary>
    public void Written(uint version) => Version = version;

    public List<OrderItem> Items { get; init; } = [];

    /// <summary>
    /// The order's life, as a state machine: pending → confirmed → shipped; pending or confirmed →
    /// cancelled. Anything else is refused (the API answers 409).
    /// </summary>
    public bool TryMoveTo(OrderStatus next, DateTimeOffset now)
    {
        var allowed = (Status, next) switch
        {
            (OrderStatus.Pending, OrderStatus.Confirmed) => true,
            (OrderStatus.Confirmed, OrderStatus.Shipped) => true,
            (OrderStatus.Pending or OrderStatus.Confirmed, OrderStatus.Cancelled) => true,
            _ => false,
        };
        if (allowed)
        {
            Status = next;
            UpdatedAt = now;
        }

        return allowed;
    }
}
