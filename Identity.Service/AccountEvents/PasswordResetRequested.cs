using MassTransit;

namespace Identity.Service.AccountEvents;

/// <summary>Someone asked to reset the password of an existing account: send its address the single-use link.</summary>
[MessageUrn("backend:identity:password-reset-requested:v1")]
public sealed record PasswordResetRequested(
    Guid EventId,
    Guid LinkId,
    Guid AccountId,
    string Email,
    string DisplayName,
    string ResetUrl,
    DateTimeOffset ExpiresAt,
    DateTimeOffset RequestedAt,
    string? TraceParent);
