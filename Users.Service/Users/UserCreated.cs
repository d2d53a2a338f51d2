using MassTransit;

namespace Users.Service.Users;

// The events this service publishes (through its outbox). Each service that consumes them keeps its own
// copy of the type; the explicit, versioned URN is what makes the copies the same message on the wire.
/// <summary>A profile was created.</summary>
[MessageUrn("backend:users:user-created:v1")]
public sealed record UserCreated(Guid UserId, string Email, string Name, DateTimeOffset OccurredAt);
