namespace Orders.Service.Orders;

public sealed record OrderResponse(
    Guid Id, long Number, Guid UserId, OrderStatus Status, string Currency, decimal Total,
    IReadOnlyList<OrderLineResponse> Items, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OrderResponse From(Order order) => new(order.Id, order.Number, order.UserId, order.Status, order.Currency, order.Total,
        [.. order.Items.OrderBy(i => i.Line).Select(i => new OrderLineResponse(i.Sku, i.Name, i.Quantity, i.UnitPrice, i.Quantity * i.UnitPrice))],
        order.CreatedAt, order.UpdatedAt);
}
