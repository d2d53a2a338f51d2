using MassTransit;

namespace Identity.Service.AccountEvents;

// Users.Service keeps its own copy of the type: the explicit, versioned URN is the contract.
/// <summary>An account was deleted by its owner: the profile, and through it every stored copy of the person, goes too.</summary>
[MessageUrn("backend:identity:account-deleted:v1")]
public sealed record AccountDeleted(Guid EventId, Guid AccountId, DateTimeOffset OccurredAt, string? TraceParent);
