using MassTransit;

namespace Notifications.Worker.Orders;

// This service's own copy of the event Orders.Service publishes. The explicit, versioned URN (and the
// exchange named after it) makes it the same message on the wire; a contract test in the test suite
// proves the two copies are wire-compatible.
/// <summary>An order was placed (committed with its outbox row). Delivered at least once.</summary>
[MessageUrn("backend:orders:order-placed:v1")]
public sealed record OrderPlaced(
    Guid EventId,
    Guid OrderId,
    long OrderNumber,
    Guid UserId,
    string CustomerEmail,
    string CustomerName,
    IReadOnlyList<OrderPlacedItem> Items,
    decimal Total,
    string Currency,
    DateTimeOffset PlacedAt,
    string? TraceParent);
