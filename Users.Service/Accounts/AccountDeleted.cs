using MassTransit;

namespace Users.Service.Accounts;

/// <summary>Identity.Service deleted an account (Users.Service's copy of the contract).</summary>
[MessageUrn("backend:identity:account-deleted:v1")]
public sealed record AccountDeleted(Guid EventId, Guid AccountId, DateTimeOffset OccurredAt, string? TraceParent);
