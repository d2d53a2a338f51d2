namespace Identity.Service.Sessions;

/// <summary>
/// An OpenIddict authorization (a sign-in's code and refresh-token family) issued to a client from one cookie session:
/// what signing out of that session revokes.
/// </summary>
public sealed class SessionGrant
{
    public Guid SessionId { get; init; }

    public required string AuthorizationId { get; init; }

    public Guid AccountId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
