using Orders.Service.Orders;

namespace Unit.Tests.Orders;

/// <summary>Order lines for <c>Order.Place</c>, written as tuples for short test data.</summary>
internal static class OrderLines
{
    public static IEnumerable<OrderLine> Of(params (string Sku, string Name, int Quantity, decimal UnitPrice)[] lines) =>
        lines.Select(line => new OrderLine(line.Sku, line.Name, line.Quantity, line.UnitPrice)).ToList();

    public static IEnumerable<OrderLine> One() => Of(("SKU-1", "Mug", 1, 9.90m));
}
