namespace Orders.Service.Customers;

/// <summary>Who a new order's emails go to, and the order's number: what placing an order reads back in one round trip.</summary>
public sealed record NewOrderContact(string Email, string Name, long Number);
