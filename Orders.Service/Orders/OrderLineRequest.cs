namespace Orders.Service.Orders;

/// <summary>One line of an order request: which product and how many. Name and price are the catalog's.</summary>
public sealed record OrderLineRequest(string? Sku, int? Quantity);
