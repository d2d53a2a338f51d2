namespace Orders.Service.Orders;

/// <summary>The position in the list: the last order returned (newest first: created_at, then id, descending).</summary>
public sealed record OrderCursor(DateTimeOffset CreatedAt, Guid Id);
