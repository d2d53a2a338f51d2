using Notifications.Worker.Orders;

namespace Notifications.Worker.Tests.Support;

/// <summary>Order events as Orders.Service publishes them, each to its own customer address (so tests never share a mailbox).</summary>
public static class TestOrders
{
    private static long _orderNumber = Random.Shared.NextInt64(100_000, 900_000);

    public static OrderPlaced New(string customer = "customer", string domain = "customers.example") => new(
        EventId: Guid.CreateVersion7(),
        OrderId: Guid.CreateVersion7(),
        OrderNumber: Interlocked.Increment(ref _orderNumber),
        UserId: Guid.NewGuid(),
        CustomerEmail: $"{customer}-{Guid.NewGuid().ToString("N")[..10]}@{domain}",
        CustomerName: "Ada Lovelace",
        Items:
        [
            new OrderPlacedItem("MUG-BLUE", "Blue mug", 2, 12.50m),
            new OrderPlacedItem("TEA-EARL", "Earl Grey <loose leaf>", 1, 7.25m),
        ],
        Total: 32.25m,
        Currency: "EUR",
        PlacedAt: new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero),
        TraceParent: null);

    private static readonly DateTimeOffset Later = new(2026, 11, 26, 14, 5, 0, TimeSpan.Zero);

    public static OrderConfirmed Confirmed(OrderPlaced order) =>
        new(Guid.CreateVersion7(), order.OrderId, order.OrderNumber, order.UserId, order.CustomerEmail, order.CustomerName, order.Total, order.Currency, Later, null);

    public static OrderShipped Shipped(OrderPlaced order) =>
        new(Guid.CreateVersion7(), order.OrderId, order.OrderNumber, order.UserId, order.CustomerEmail, order.CustomerName, order.Total, order.Currency, Later, null);

    public static OrderCancelled Cancelled(OrderPlaced order) =>
        new(Guid.CreateVersion7(), order.OrderId, order.OrderNumber, order.UserId, order.CustomerEmail, order.CustomerName, order.Total, order.Currency, Later, null);
}
