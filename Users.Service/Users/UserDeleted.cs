using MassTransit;

namespace Users.Service.Users;

/// <summary>A profile was deleted.</summary>
[MessageUrn("backend:users:user-deleted:v1")]
public sealed record UserDeleted(Guid UserId, DateTimeOffset OccurredAt);
