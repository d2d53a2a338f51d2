namespace Orders.Service.Orders;

public sealed record OrderPlacedItem(string Sku, string Name, int Quantity, decimal UnitPrice);
