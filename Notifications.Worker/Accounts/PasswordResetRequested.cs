using MassTransit;

namespace Notifications.Worker.Accounts;

/// <summary>Someone asked to reset the password of an account: send its address the link. One email per <see cref="LinkId"/>.</summary>
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
