namespace Identity.Service.Authorization;

/// <summary>The authorization server's settings (the "Identity" section).</summary>
public sealed class AuthorizationServerOptions
{
    public const string SectionName = "Identity";

    /// <summary>The public issuer: the gateway's URL. Pinned, never derived from the Host header of a request.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Refuse plain HTTP (turned off only for local development over http://localhost).</summary>
    public bool RequireHttps { get; set; } = true;
}
