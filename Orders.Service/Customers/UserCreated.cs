using MassTransit;

namespace Orders.Service.Customers;

// This service's own copies of the profile events Users.Service publishes (same URNs). Only what the
// customers read model needs is read; other members of the message are ignored.
[MessageUrn("backend:users:user-created:v1")]
public sealed record UserCreated(Guid UserId, string Email, string Name, DateTimeOffset OccurredAt);
