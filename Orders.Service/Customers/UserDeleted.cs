using MassTransit;

namespace Orders.Service.Customers;

[MessageUrn("backend:users:user-deleted:v1")]
public sealed record UserDeleted(Guid UserId, DateTimeOffset OccurredAt);
