using MassTransit;

namespace Orders.Service.Orders;

// Published through the outbox in the transaction of the change; consumers keep their own copy of the type and
// the explicit, versioned URN (and the exchange named after it) is the contract.
/// <summary>An order was cancelled (from pending or confirmed). <see cref="EventId"/> is also the broker MessageId (the outbox row id).</summary>
[MessageUrn("backend:orders:order-cancelled:v1")]
public sealed record OrderCancelled(
    Guid EventId,
    Guid OrderId,
    long OrderNumber,
    Guid UserId,
    string CustomerEmail,
    string CustomerName,
    decimal Total,
    string Currency,
    DateTimeOffset OccurredAt,
    string? TraceParent);
