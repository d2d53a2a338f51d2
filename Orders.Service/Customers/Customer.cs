namespace Orders.Service.Customers;

/// <summary>
/// What Orders.Service knows about a customer: a read model of the profile owned by Users.Service (kept
/// up to date by its events: no cross-database join, no call per row) and the aggregates the
/// top-customers report needs (kept in the same transaction as every order change: the report never
/// scans orders).
/// </summary>
public sealed class Customer
{
    public Guid UserId { get; init; }

    public string? Email { get; set; }

    public string? Name { get; set; }

    /// <summary>When Users.Service last changed the profile; older events are ignored (they can arrive out of order).</summary>
    public DateTimeOffset? ProfileUpdatedAt { get; set; }

    public bool Deleted { get; set; }

    /// <summary>Orders not cancelled.</summary>
    public int OrderCount { get; set; }

    /// <summary>Sum of the totals of the orders not cancelled, in the shop's currency (what the customer spent).</summary>
    public decimal TotalSpent { get; set; }

    /// <summary>Orders waiting for confirmation (capped by <see cref="Orders.OrderLimits.MaxPendingOrders"/>).</summary>
    public int PendingOrders { get; set; }

    /// <summary>When the customer's current one-minute order window opened (see <see cref="Orders.OrderLimits"/>).</summary>
    public DateTimeOffset? OrderWindowStartedAt { get; set; }

    /// <summary>Orders placed since <see cref="OrderWindowStartedAt"/>.</summary>
    public int OrdersInWindow { get; set; }
}
