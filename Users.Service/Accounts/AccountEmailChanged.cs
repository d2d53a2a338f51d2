using MassTransit;

namespace Users.Service.Accounts;

/// <summary>
/// Identity.Service changed an account's address to one its owner proved (Users.Service's copy of the contract; the
/// profile takes <see cref="Email"/>).
/// </summary>
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
