namespace Orders.Service.Customers;

/// <summary>
/// What placing an order reads back in one round trip: who its emails go to, its number, and the customer's counts
/// with this order included (for <see cref="Orders.OrderLimits"/>); whether the account was deleted (the caller's
/// transaction then rolls back).
/// </summary>
public sealed record NewOrderContact(string Email, string Name, bool Deleted, long Number, int PendingOrders, int OrdersInWindow, DateTimeOffset OrderWindowStartedAt);
