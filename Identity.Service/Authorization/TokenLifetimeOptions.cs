namespace Identity.Service.Authorization;

/// <summary>How long tokens live (the "Identity:Tokens" section).</summary>
public sealed class TokenLifetimeOptions
{
    public const string SectionName = "Identity:Tokens";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Each refresh token's lifetime; it slides (a new one at each use).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long after sign-in a refresh-token family ends, however often it was used.</summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a rotated refresh token may still be presented again (a client that lost the refresh response retries
    /// with it); after that, presenting it is treated as theft and revokes the whole family.
    /// </summary>
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);
}
