namespace ServiceDefaults.Authentication;

/// <summary>Where access tokens come from: the "Identity" configuration section.</summary>
public sealed class IdentityServerOptions
{
    public const string SectionName = "Identity";

    /// <summary>The public issuer: the gateway's URL, as clients see it and as tokens carry it in <c>iss</c>.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Where this service fetches metadata and signing keys: Identity.Service's internal address (service discovery).</summary>
    public Uri? Authority { get; set; }

    /// <summary>Tolerated clock difference for <c>exp</c>/<c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
