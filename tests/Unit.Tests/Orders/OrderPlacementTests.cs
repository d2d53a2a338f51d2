using Orders.Service.Orders;

namespace Unit.Tests.Orders;

public sealed class OrderPlacementTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_total_is_the_sum_of_quantity_times_unit_price_over_the_lines()
    {
        var order = Order.Place(Guid.NewGuid(), 42, "EUR",
            OrderLines.Of(("MUG-1", "Mug", 2, 10.50m), ("TEA-7", "Tea", 3, 3.25m), ("PEN-2", "Pen", 1, 0.99m)), Now);

        Assert.Equal(31.74m, order.Total);
    }

    [Fact]
    public void Lines_are_numbered_from_one_in_the_order_given()
    {
        var order = Order.Place(Guid.NewGuid(), 42, "EUR",
            OrderLines.Of(("C", "Third by name", 1, 1m), ("A", "First by name", 1, 1m), ("B", "Second by name", 1, 1m)), Now);

        Assert.Equal([(1, "C"), (2, "A"), (3, "B")], order.Items.Select(i => (i.Line, i.Sku)));
    }

    [Fact]
    public void Each_line_keeps_its_priced_line_and_belongs_to_the_order()
    {
        var order = Order.Place(Guid.NewGuid(), 42, "EUR", OrderLines.Of(("MUG-1", "Mug", 2, 10.50m)), Now);

        var item = Assert.Single(order.Items);
        Assert.Equal(("MUG-1", "Mug", 2, 10.50m), (item.Sku, item.Name, item.Quantity, item.UnitPrice));
        Assert.Equal(order.Id, item.OrderId);
    }

    [Fact]
    public void A_new_order_is_pending_and_created_and_updated_now_for_its_user()
    {
        var user = Guid.NewGuid();

        var order = Order.Place(user, 42, "CHF", OrderLines.One(), Now);

        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal((user, 42L, "CHF"), (order.UserId, order.Number, order.Currency));
        Assert.Equal(Now, order.CreatedAt);
        Assert.Equal(Now, order.UpdatedAt);
    }

    [Fact]
    public void The_response_shows_each_line_total_and_the_lines_in_order()
    {
        var order = Order.Place(Guid.NewGuid(), 42, "EUR", OrderLines.Of(("MUG-1", "Mug", 3, 2.50m), ("TEA-7", "Tea", 1, 4m)), Now);
        order.Items.Reverse();

        var response = OrderResponse.From(order);

        Assert.Equal([("MUG-1", 7.50m), ("TEA-7", 4m)], response.Items.Select(i => (i.Sku, i.LineTotal)));
        Assert.Equal(11.50m, response.Total);
    }
}
