using MassTransit;

namespace Orders.Service.Customers;

[MessageUrn("backend:users:user-updated:v1")]
public sealed record UserUpdated(Guid UserId, string Email, string Name, DateTimeOffset OccurredAt);
