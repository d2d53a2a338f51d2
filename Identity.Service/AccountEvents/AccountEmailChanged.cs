using MassTransit;

namespace Identity.Service.AccountEvents;

// Users.Service keeps its own copy of the type: the explicit, versioned URN is the contract.
/// <summary>
/// An account's address changed to a new one its owner proved (the confirmation link reached it). The profile follows;
/// <see cref="OccurredAt"/> orders the changes of one account (a late, older event must not win). Notifications.Worker
/// tells the previous address, with the sign-in page's link: an account taken over does not change hands silently.
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
