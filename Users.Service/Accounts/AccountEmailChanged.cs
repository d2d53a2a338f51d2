using MassTransit;

namespace Users.Service.Accounts;

/// <summary>Identity.Service changed an account's address to one its owner proved (Users.Service's copy of the contract).</summary>
[MessageUrn("backend:identity:account-email-changed:v1")]
public sealed record AccountEmailChanged(Guid EventId, Guid AccountId, string Email, string DisplayName, DateTimeOffset OccurredAt, string? TraceParent);
