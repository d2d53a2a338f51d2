namespace Identity.Service.Links;

/// <summary>
/// A single-use link sent by email. Only the SHA-256 of its secret is stored, so reading the table does not give
/// anyone a usable link; <see cref="UsedAt"/> is set by the one request that consumes it.
/// </summary>
public sealed class AccountLink
{
    public Guid Id { get; init; }

    public Guid AccountId { get; init; }

    public AccountLinkPurpose Purpose { get; init; }

    /// <summary>The address the link was sent to: a verification proves that address, not whatever the account holds later.</summary>
    public required string Email { get; init; }

    public required byte[] TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The rule every consumer applies: not used yet, and strictly before its expiry.</summary>
    public bool IsUsableAt(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;
}
