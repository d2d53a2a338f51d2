using MassTransit;

namespace Identity.Service.AccountEvents;

// Published through the outbox; Notifications.Worker keeps its own copy of the type: the explicit, versioned URN is
// the contract. LinkId is the email's once-only key (one email per link, however often the event arrives).
/// <summary>An account's address must be verified: send it the link. <see cref="EventId"/> is also the broker MessageId.</summary>
[MessageUrn("backend:identity:email-verification-requested:v1")]
public sealed record EmailVerificationRequested(
    Guid EventId,
    Guid LinkId,
    Guid AccountId,
    string Email,
    string DisplayName,
    string VerifyUrl,
    DateTimeOffset ExpiresAt,
    DateTimeOffset RequestedAt,
    string? TraceParent);
