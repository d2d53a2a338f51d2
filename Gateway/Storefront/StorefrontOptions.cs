namespace Gateway.Storefront;

/// <summary>The web storefront the gateway serves at "/" (the "Gateway:Storefront" section).</summary>
public sealed class StorefrontOptions
{
    public const string SectionName = "Gateway:Storefront";

    /// <summary>The built app (WebApp/dist). Unset: the gateway serves the APIs only, and "/" is a 404.</summary>
    public string? Root { get; set; }
}
