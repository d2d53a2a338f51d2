using MassTransit;

namespace Users.Service.Users;

/// <summary>A profile's name or email changed. <see cref="OccurredAt"/> orders updates of the same user.</summary>
[MessageUrn("backend:users:user-updated:v1")]
public sealed record UserUpdated(Guid UserId, string Email, string Name, DateTimeOffset OccurredAt);
