using MassTransit;

namespace Notifications.Worker.Accounts;

/// <summary>Someone tried to register with the address of an existing account: tell its owner. One email per <see cref="EventId"/>.</summary>
[MessageUrn("backend:identity:registration-attempted:v1")]
public sealed record RegistrationAttempted(
    Guid EventId,
    Guid AccountId,
    string Email,
    string DisplayName,
    string SignInUrl,
    string ResetUrl,
    DateTimeOffset AttemptedAt,
    string? TraceParent);
