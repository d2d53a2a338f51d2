namespace Orders.Service.Orders;

/// <summary>One line of an order being placed: what, how many, at what unit price.</summary>
public sealed record OrderLine(string Sku, string Name, int Quantity, decimal UnitPrice)
{
    public decimal LineTotal => Quantity * UnitPrice;
}
