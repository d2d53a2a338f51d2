namespace Users.Service.Users;

/// <summary>A person's profile. The id is their account id (<c>sub</c>) at Identity.Service.</summary>
public sealed class User
{
    public Guid Id { get; init; }

    /// <summary>The account's address, trimmed and lower-cased; unique (database constraint). Changed only through Identity.Service.</summary>
    public required string Email { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When Identity.Service last changed the account's address (its event's time): an older change is ignored.</summary>
    public DateTimeOffset? EmailChangedAt { get; set; }

    /// <summary>Whose profile it is: the person themself (see <see cref="ServiceDefaults.Callers.CallerQueries"/>).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<User, Guid>> Owner = user => user.Id;

    /// <summary>PostgreSQL's xmin: changes with every update. Concurrency token and ETag.</summary>
    public uint Version { get; private set; }
}
