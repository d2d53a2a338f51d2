namespace Unit.Tests.Orders;

/// <summary>
/// The one place that knows the shape of the lines <c>Order.Place</c> takes (an unnamed tuple today): when
/// that becomes a named type, only this helper changes.
/// </summary>
internal static class OrderLines
{
    public static IEnumerable<(string Sku, string Name, int Quantity, decimal UnitPrice)> Of(
        params (string Sku, string Name, int Quantity, decimal UnitPrice)[] lines) => lines;

    public static IEnumerable<(string Sku, string Name, int Quantity, decimal UnitPrice)> One() => Of(("SKU-1", "Mug", 1, 9.90m));
}
