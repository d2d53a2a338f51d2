namespace Orders.Service.Orders;

public sealed record OrderLineRequest(string? Sku, string? Name, int? Quantity, decimal? UnitPrice);
