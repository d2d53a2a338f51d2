using MassTransit;

namespace Identity.Service.AccountEvents;

/// <summary>
/// Someone tried to register with the address of an existing account. The page answers them as if it were new (no
/// account enumeration); the owner is told by email, with the way to sign in or reset the password.
/// </summary>
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
