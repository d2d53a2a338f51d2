using MassTransit;

namespace Identity.Service.Deletion;

/// <summary>Users.Service deleted a profile (Identity.Service's copy of its contract: the URN is what matters).</summary>
[MessageUrn("backend:users:user-deleted:v1")]
public sealed record UserDeleted(Guid UserId, DateTimeOffset OccurredAt);
