namespace Orders.Service.Orders;

public sealed record OrderLineResponse(string Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal);
