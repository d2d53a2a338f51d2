using MassTransit;

namespace Notifications.Worker.Accounts;

// This worker's copy of Identity.Service's event: the URN is the contract (tests/EndToEnd.Tests/ContractTests.cs).
/// <summary>An account's address must be verified: send it the link. One email per <see cref="LinkId"/>.</summary>
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
