using Notifications.Worker.Orders;

namespace Notifications.Worker.OrderEmails;

/// <summary>
/// What one email needs, whichever event asked for it: the one pipeline (OrderEmailConsumer) works on this, so the
/// four events differ only in their kind and, for a placed order, its items.
/// </summary>
public sealed record OrderEmailRequest(
    OrderEmailKind Kind,
    Guid EventId,
    Guid OrderId,
    long OrderNumber,
    string CustomerEmail,
    string CustomerName,
    IReadOnlyList<OrderPlacedItem> Items,
    decimal Total,
    string Currency,
    DateTimeOffset OccurredAt,
    string? TraceParent)
{
    public static OrderEmailRequest From(OrderPlaced e) =>
        new(OrderEmailKind.Placed, e.EventId, e.OrderId, e.OrderNumber, e.CustomerEmail, e.CustomerName, e.Items, e.Total, e.Currency, e.PlacedAt, e.TraceParent);

    public static OrderEmailRequest From(OrderConfirmed e) =>
        new(OrderEmailKind.Confirmed, e.EventId, e.OrderId, e.OrderNumber, e.CustomerEmail, e.CustomerName, [], e.Total, e.Currency, e.OccurredAt, e.TraceParent);

    public static OrderEmailRequest From(OrderShipped e) =>
        new(OrderEmailKind.Shipped, e.EventId, e.OrderId, e.OrderNumber, e.CustomerEmail, e.CustomerName, [], e.Total, e.Currency, e.OccurredAt, e.TraceParent);

    public static OrderEmailRequest From(OrderCancelled e) =>
        new(OrderEmailKind.Cancelled, e.EventId, e.OrderId, e.OrderNumber, e.CustomerEmail, e.CustomerName, [], e.Total, e.Currency, e.OccurredAt, e.TraceParent);
}
