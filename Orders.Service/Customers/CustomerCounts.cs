namespace Orders.Service.Customers;

/// <summary>
/// A customer's counts with a new order included, as its placement's upsert returns them (for <see cref="Orders.OrderLimits"/>);
/// whether the account was deleted (the order is then refused and its transaction rolls back).
/// </summary>
public sealed record CustomerCounts(bool Deleted, int PendingOrders, int OrdersInWindow, DateTimeOffset OrderWindowStartedAt);
