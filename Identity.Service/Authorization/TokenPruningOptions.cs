namespace Identity.Service.Authorization;

/// <summary>How often spent tokens and authorizations are deleted, and how old they must be (the "Identity:TokenPruning" section).</summary>
public sealed class TokenPruningOptions
{
    public const string SectionName = "Identity:TokenPruning";

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Only tokens and authorizations created longer ago than this (and expired, redeemed or revoked) are deleted. At
    /// least the refresh-token lifetime: a redeemed refresh token must stay while it could be replayed, for reuse detection.
    /// </summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromDays(14);
}
