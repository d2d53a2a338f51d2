using MassTransit;

namespace Notifications.Worker.Accounts;

/// <summary>An account's address changed: tell the previous address. One email per <see cref="EventId"/>.</summary>
[MessageUrn("backend:identity:account-email-changed:v1")]
public sealed record AccountEmailChanged(
    Guid EventId,
    Guid AccountId,
    string Email,
    string PreviousEmail,
    string DisplayName,
    string SignInUrl,
    DateTimeOffset OccurredAt,
    string? TraceParent);
