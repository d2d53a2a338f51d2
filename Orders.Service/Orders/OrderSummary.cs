namespace Orders.Service.Orders;

/// <summary>An order in a list: enough to show it, without its lines.</summary>
public sealed record OrderSummary(Guid Id, long Number, OrderStatus Status, string Currency, decimal Total, int ItemCount, DateTimeOffset CreatedAt);
