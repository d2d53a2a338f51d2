using MassTransit;

namespace Orders.Service.Orders;

// The event this service publishes through its outbox. Consumers keep their own copy of the type: the
// explicit, versioned URN (and the exchange named after it) is the contract.
/// <summary>An order was placed. <see cref="EventId"/> is also the broker MessageId (the outbox row id).</summary>
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
