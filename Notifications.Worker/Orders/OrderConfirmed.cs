using MassTransit;

namespace Notifications.Worker.Orders;

// This service's own copy of the event Orders.Service publishes; the explicit, versioned URN is the contract
// (a contract test proves the two copies are wire-compatible).
/// <summary>An order was confirmed (committed with its outbox row). Delivered at least once.</summary>
[MessageUrn("backend:orders:order-confirmed:v1")]
public sealed record OrderConfirmed(
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
