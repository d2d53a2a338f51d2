namespace Orders.Service.Orders;

public sealed class OrderItem
{
    public Guid OrderId { get; init; }

    /// <summary>1-based position in the order.</summary>
    public int Line { get; init; }

    public required string Sku { get; init; }

    public required string Name { get; init; }

    public int Quantity { get; init; }

    public decimal UnitPrice { get; init; }
}
