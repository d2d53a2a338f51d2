namespace Users.Service.Accounts;

/// <summary>
/// An account that was deleted: only its id (no personal data), so that an access token still valid for a few minutes
/// cannot make its profile again (a profile is made from the token on first use), nor a late email change revive it.
/// </summary>
public sealed class ErasedAccount
{
    public Guid Id { get; init; }

    public DateTimeOffset ErasedAt { get; init; }
}
